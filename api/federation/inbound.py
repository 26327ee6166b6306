"""What peers deliver here: read-only copies (Assignment rows) and the mapping to their origin.

A copy is meant for the network of the key that delivered it (audience "networks"), has no
poster and no co-owners (nobody here can edit, close or cancel it) and is never delivered
onwards. Its origin is kept in ``InboundAssignment``; the detail page shows it through the
assignments app's origin hook, with the link to react on the origin Klusmarkt.
"""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from api.models import ApiClient, InboundAssignment, InboundOrganisation
from assignments.models import Assignment
from assignments.services.posting import assignment_search_refresh
from networks.models import Organisation
from profiles.formats import REGULAR
from profiles.models import EngagementForm


def _organisation(client: ApiClient, name: str) -> Organisation:
    mapping = InboundOrganisation.objects.filter(client=client, name=name).select_related("organisation").first()
    if mapping is not None:
        return mapping.organisation
    suffix = hashlib.sha256(f"{client.code}:{name}".encode()).hexdigest()[:10]
    organisation = Organisation.objects.create(
        name=name, slug=f"{slugify(name)[:60]}-{suffix}", kind=Organisation.Kind.OTHER
    )
    InboundOrganisation.objects.create(client=client, name=name, organisation=organisation)
    return organisation


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["titel"],
        "summary": data["samenvatting"],
        "description": data["omschrijving"],
        "status": data["status"],
        "work_format": data["vorm"],
        "hours_per_week": data["urenPerWeek"] if data["vorm"] == REGULAR else None,
        "dagdelen": data["dagdelen"] if data["vorm"] != REGULAR else None,
        "start_date": data["startDatum"],
        "end_date": data["eindDatum"],
        "deadline": data["reactieDatum"],
        "place": data["plaats"],
        "remote_option": data["werkOpAfstand"],
        "compensation": data["vergoeding"],
        "rate": data["uurtarief"],
        "budget": data["budget"],
        "places": data["aantalPlaatsen"],
    }


@transaction.atomic
def inbound_store(*, client: ApiClient, remote_code: UUID, data: dict[str, Any], version: str) -> tuple[Any, bool]:
    """Create or update the copy of ``remote_code`` delivered with ``client``; returns (mapping, created).

    ``data`` is already validated (``GedeeldeKlusInSerializer``). The same version twice changes nothing.
    """
    mapping = (
        InboundAssignment.objects.select_for_update()
        .select_related("assignment")
        .filter(client=client, remote_code=remote_code)
        .first()
    )
    if mapping is not None and mapping.version == version:
        return mapping, False
    organisation = _organisation(client, data["organisatie"]["naam"])
    fields = {**_fields(data), "organisation": organisation}
    if mapping is None:
        assignment = Assignment.objects.create(
            audience=Assignment.Audience.NETWORKS, published_at=timezone.now(), posted_by=None, **fields
        )
        assignment.networks.set([client.network])
        mapping = InboundAssignment(client=client, remote_code=remote_code, assignment=assignment)
        created = True
    else:
        assignment = mapping.assignment
        for name, value in fields.items():
            setattr(assignment, name, value)
        assignment.save()
        created = False
    assignment.engagement_forms.set(EngagementForm.objects.filter(code__in=data["inzetvormen"]))
    mapping.origin_url = data["herkomst"]["url"]
    mapping.origin_network = data["herkomst"]["netwerk"]
    mapping.version = version
    mapping.save()
    transaction.on_commit(lambda: assignment_search_refresh(assignment_ids=[assignment.pk]))
    return mapping, created


@transaction.atomic
def inbound_remove(*, client: ApiClient, remote_code: UUID) -> bool:
    """Delete the copy of ``remote_code`` delivered with ``client``; False if there was none."""
    mapping = InboundAssignment.objects.filter(client=client, remote_code=remote_code).first()
    if mapping is None:
        return False
    Assignment.objects.filter(pk=mapping.assignment_id).delete()  # the mapping goes with it
    return True


def inbound_remove_for_client(*, client_id: int) -> int:
    """Delete everything a (revoked) key delivered, and the organisations made for it."""
    removed = 0
    with transaction.atomic():
        ids = list(InboundAssignment.objects.filter(client_id=client_id).values_list("assignment_id", flat=True))
        removed = Assignment.objects.filter(pk__in=ids).delete()[1].get("assignments.Assignment", 0)
        stand_ins = InboundOrganisation.objects.filter(client_id=client_id).values_list("organisation_id", flat=True)
        Organisation.objects.filter(pk__in=list(stand_ins), assignments__isnull=True).delete()
    return removed


def origin_of(assignment: Assignment) -> dict[str, str] | None:
    """The origin of a delivered copy, for the detail page (one query); None for a local assignment."""
    row = InboundAssignment.objects.filter(assignment=assignment).values("origin_url", "origin_network").first()
    return {"url": row["origin_url"], "network": row["origin_network"]} if row else None
