"""The read API: assignments, networks and organisations, as a client of one network sees them.

Every assignment goes through ``Assignment.objects.visible_to(client principal)``: an API client
sees exactly what a verified member of its network sees, and an invisible one is a 404.
"""

from __future__ import annotations

import functools
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.federation.documents import (
    MAX_DOCUMENT_BYTES,
    GedeeldeKlusInSerializer,
    GedeeldeKlusSerializer,
    version_of,
)
from api.federation.inbound import inbound_remove, inbound_store
from api.models import InboundAssignment
from api.v1 import filters as api_filters
from api.v1.auth import HasFederationScope, HasReadScope
from api.v1.serializers import KlusSerializer, NetwerkSerializer, OrganisatieSerializer
from assignments.filters import AssignmentFilter
from assignments.models import Assignment, AssignmentQuerySet
from networks.models import Network, Organisation
from networks.selectors import viewer_for
from profiles.models import EngagementForm, Expertise

API_VERSION = "1.0.0"


class VersionedMixin:
    """Every answer, errors included, carries the full version in ``API-Version`` (ADR /core/version-header)."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-Version"] = API_VERSION
        return response


class ReadView(VersionedMixin, generics.GenericAPIView):
    permission_classes = [HasReadScope]


def _assignments(request: Request) -> AssignmentQuerySet:
    """The client's visible assignments, with what the serializer reads loaded in three queries."""
    viewer = viewer_for(request.user)
    known = Network.objects.filter(pk__in=viewer.network_ids | viewer.partner_network_ids).order_by("slug")
    return (
        Assignment.objects.visible_to(request.user)
        .select_related("organisation", "field_of_work", "region")
        .prefetch_related(
            Prefetch(
                "engagement_forms", queryset=EngagementForm.objects.order_by("code"), to_attr="engagement_form_list"
            ),
            Prefetch("expertise", queryset=Expertise.objects.order_by("name"), to_attr="expertise_list"),
            Prefetch("networks", queryset=known, to_attr="network_list"),
        )
    )


@extend_schema(tags=["klussen"], parameters=api_filters.openapi_parameters())
class KlusList(ReadView, generics.ListAPIView):
    """Open assignments the client's network may see, filtered as on /klussen/."""

    serializer_class = KlusSerializer

    def get_queryset(self) -> QuerySet[Assignment]:
        filterset = AssignmentFilter(
            api_filters.filter_data(self.request.query_params) or None,
            queryset=_assignments(self.request).open(),
        )
        if filterset.is_bound and not filterset.is_valid():
            raise exceptions.ValidationError(
                {api_filters.camel(name): errors for name, errors in filterset.form.errors.items()}
            )
        return filterset.ordered()

    @extend_schema(operation_id="klussenLijst", summary="Open klussen")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


@extend_schema(tags=["klussen"])
class KlusDetail(ReadView, generics.RetrieveAPIView):
    """One assignment the client may see, in any published status; 404 otherwise."""

    serializer_class = KlusSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Assignment]:
        return _assignments(self.request)

    @extend_schema(operation_id="klusOphalen", summary="Eén klus")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


@extend_schema(tags=["netwerken"])
class NetwerkList(ReadView, generics.ListAPIView):
    """Every network (network pages are public), with its participating organisations."""

    serializer_class = NetwerkSerializer

    def get_queryset(self) -> QuerySet[Network]:
        return Network.objects.prefetch_related("organisations").order_by("name", "pk")

    @extend_schema(operation_id="netwerkenLijst", summary="Netwerken")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


@extend_schema(tags=["netwerken"])
class NetwerkDetail(ReadView, generics.RetrieveAPIView):
    serializer_class = NetwerkSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Network]:
        return Network.objects.prefetch_related("organisations")

    @extend_schema(operation_id="netwerkOphalen", summary="Eén netwerk")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


@extend_schema(tags=["organisaties"])
class OrganisatieList(ReadView, generics.ListAPIView):
    """Every government organisation known here (public, as on the network pages)."""

    serializer_class = OrganisatieSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("province").order_by("name", "pk")

    @extend_schema(operation_id="organisatiesLijst", summary="Organisaties")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


@extend_schema(tags=["organisaties"])
class OrganisatieDetail(ReadView, generics.RetrieveAPIView):
    serializer_class = OrganisatieSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("province")

    @extend_schema(operation_id="organisatieOphalen", summary="Eén organisatie")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


@functools.cache
def openapi_document() -> dict[str, Any]:
    """Generated from the code once per process: views, serializers and filters are the source."""
    from drf_spectacular.generators import SchemaGenerator

    # The same document as ``manage.py spectacular`` (what CI lints), whatever the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        return SchemaGenerator().get_schema(request=None, public=True)


class OpenApiDocument(VersionedMixin, APIView):
    """The OpenAPI 3 document of this version: public, so anyone may read how to call the API."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    schema = None  # not part of the document it serves

    def get(self, request: Request) -> Response:
        response = Response(openapi_document())
        response["Access-Control-Allow-Origin"] = "*"
        return response


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "Request too large."


@extend_schema(tags=["federatie"])
class GedeeldeKlusList(VersionedMixin, generics.ListAPIView):
    """Federation keys only: the assignments this key delivered here, with the version kept of each.

    The delivering Klusmarkt also calls it to check that the key works before it links.
    """

    permission_classes = [HasFederationScope]
    serializer_class = GedeeldeKlusSerializer

    def get_queryset(self) -> QuerySet[InboundAssignment]:
        return InboundAssignment.objects.filter(client=self.request.auth).select_related("assignment").order_by("pk")

    @extend_schema(operation_id="gedeeldeKlussenLijst", summary="Afgeleverde klussen van deze sleutel")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


@extend_schema(tags=["federatie"])
class GedeeldeKlusDetail(VersionedMixin, APIView):
    """Federation keys only: deliver (PUT, idempotent) or withdraw (DELETE) one shared assignment.

    The copy is read-only here and meant for the key's network only; its origin link must lie on
    the Klusmarkt the key was issued for.
    """

    permission_classes = [HasFederationScope]

    @extend_schema(
        operation_id="gedeeldeKlusAfleveren",
        summary="Een gedeelde klus afleveren of bijwerken",
        request=GedeeldeKlusInSerializer,
        responses={200: GedeeldeKlusSerializer, 201: GedeeldeKlusSerializer},
    )
    def put(self, request: Request, code: UUID) -> Response:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_DOCUMENT_BYTES:
            raise RequestTooLarge
        incoming = GedeeldeKlusInSerializer(data=request.data, context={"peer_url": request.auth.peer_url})
        incoming.is_valid(raise_exception=True)
        mapping, created = inbound_store(
            client=request.auth, remote_code=code, data=incoming.validated_data, version=version_of(request.data)
        )
        body = GedeeldeKlusSerializer(mapping, context={"request": request}).data
        return Response(body, status=201 if created else 200)

    @extend_schema(operation_id="gedeeldeKlusIntrekken", summary="Een gedeelde klus intrekken", responses={204: None})
    def delete(self, request: Request, code: UUID) -> Response:
        if not inbound_remove(client=request.auth, remote_code=code):
            raise exceptions.NotFound
        return Response(status=204)
