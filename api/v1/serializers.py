"""What the API shows: one output serializer per resource, Dutch camelCase names (ADR)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.models import Assignment
from networks.models import Network, Organisation
from profiles.formats import ASSIGNMENT_FORMATS

LINK_SCHEMA = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string", "format": "uri"}}}


def _absolute(request: Any, path: str) -> str:
    return request.build_absolute_uri(path)


class OptionalURLField(serializers.URLField):
    """An empty address is ``null``, not ``""``: one unambiguous type in the document."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class OrganisatieRefSerializer(serializers.Serializer):
    id = serializers.SlugField(source="slug")
    naam = serializers.CharField(source="name")


class OrganisatieSerializer(serializers.Serializer):
    id = serializers.SlugField(source="slug", help_text="De vaste sleutel (slug) van de organisatie.")
    naam = serializers.CharField(source="name")
    soort = serializers.ChoiceField(source="kind", choices=Organisation.Kind.choices)
    provincie = serializers.SlugField(source="province.slug", allow_null=True, default=None)
    website = OptionalURLField()
    _links = serializers.SerializerMethodField()

    @extend_schema_field({"type": "object", "required": ["self"], "properties": {"self": LINK_SCHEMA}})
    def get__links(self, obj: Organisation) -> dict[str, Any]:
        request = self.context["request"]
        return {"self": {"href": _absolute(request, reverse("api:organisatie", kwargs={"slug": obj.slug}))}}


class NetwerkSerializer(serializers.Serializer):
    id = serializers.SlugField(source="slug", help_text="De vaste sleutel (slug) van het netwerk.")
    naam = serializers.CharField(source="name")
    soort = serializers.ChoiceField(source="kind", choices=Network.Kind.choices)
    omschrijving = serializers.CharField(source="description", allow_blank=True)
    regio = serializers.CharField(source="region", allow_blank=True)
    website = OptionalURLField()
    toetreding = serializers.ChoiceField(source="join_policy", choices=Network.JoinPolicy.choices)
    organisaties = OrganisatieRefSerializer(source="organisations.all", many=True)
    _links = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "object", "required": ["self", "html"], "properties": {"self": LINK_SCHEMA, "html": LINK_SCHEMA}}
    )
    def get__links(self, obj: Network) -> dict[str, Any]:
        request = self.context["request"]
        return {
            "self": {"href": _absolute(request, reverse("api:netwerk", kwargs={"slug": obj.slug}))},
            "html": {"href": _absolute(request, reverse("networks:detail", kwargs={"slug": obj.slug}))},
        }


class KlusSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="code")
    titel = serializers.CharField(source="title")
    samenvatting = serializers.CharField(source="summary", allow_blank=True)
    omschrijving = serializers.CharField(source="description", help_text="Platte tekst; regeleinden tellen.")
    status = serializers.ChoiceField(choices=Assignment.Status.choices)
    organisatie = OrganisatieRefSerializer(source="organisation")
    werkveld = serializers.SlugField(source="field_of_work.slug", allow_null=True, default=None)
    expertises = serializers.SerializerMethodField()
    vorm = serializers.ChoiceField(
        source="work_format",
        choices=ASSIGNMENT_FORMATS,
        help_text="Gewoon werk (uren per week) of een korte vorm (spreker, sessie, coaching, meekijken) in dagdelen.",
    )
    urenPerWeek = serializers.IntegerField(
        source="hours_per_week", min_value=1, max_value=40, allow_null=True, help_text="Alleen bij gewoon werk."
    )
    dagdelen = serializers.IntegerField(
        min_value=1, max_value=20, allow_null=True, help_text="Alleen bij een korte vorm."
    )
    startDatum = serializers.DateField(source="start_date", allow_null=True)
    eindDatum = serializers.DateField(source="end_date", allow_null=True)
    reactieDatum = serializers.DateField(
        source="deadline", allow_null=True, help_text="Reageren kan tot en met deze datum."
    )
    plaats = serializers.CharField(source="place", allow_blank=True)
    provincie = serializers.SlugField(source="region.slug", allow_null=True, default=None)
    werkOpAfstand = serializers.ChoiceField(source="remote_option", choices=Assignment.RemoteOption.choices)
    inzetvormen = serializers.SerializerMethodField()
    vergoeding = serializers.ChoiceField(source="compensation", choices=Assignment.Compensation.choices)
    uurtarief = serializers.DecimalField(source="rate", max_digits=7, decimal_places=2, allow_null=True)
    budget = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    aantalPlaatsen = serializers.IntegerField(source="places", min_value=1)
    doelgroep = serializers.ChoiceField(source="audience", choices=Assignment.Audience.choices)
    netwerken = serializers.SerializerMethodField()
    gepubliceerdOp = serializers.DateTimeField(source="published_at", allow_null=True)
    gewijzigdOp = serializers.DateTimeField(source="updated_at")
    _links = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_expertises(self, obj: Any) -> list[str]:
        return [e.name for e in obj.expertise_list]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_inzetvormen(self, obj: Any) -> list[str]:
        return [f.code for f in obj.engagement_form_list]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_netwerken(self, obj: Any) -> list[str]:
        # Only networks the client may know of: its own and its partners'. Public network pages
        # list every network, but which internal network an assignment went to is not public.
        return [n.slug for n in obj.network_list]

    @extend_schema_field(
        {"type": "object", "required": ["self", "html"], "properties": {"self": LINK_SCHEMA, "html": LINK_SCHEMA}}
    )
    def get__links(self, obj: Assignment) -> dict[str, Any]:
        request = self.context["request"]
        return {
            "self": {"href": _absolute(request, reverse("api:klus", kwargs={"code": obj.code}))},
            "html": {"href": _absolute(request, reverse("assignments:detail", kwargs={"code": obj.code}))},
        }
