"""The document of a shared assignment, as sent to a peer and as checked when received.

Every field a peer sends is validated here (types, lengths, choices); unknown fields are
ignored; text is stored as plain text and always escaped when shown. A peer cannot choose who
sees the copy: that is decided by the key it used (its network), never by the document.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from assignments.models import Assignment
from profiles.formats import ASSIGNMENT_FORMATS, MAX_DAGDELEN, REGULAR

STATUSES = [Assignment.Status.OPEN, Assignment.Status.CLOSED, Assignment.Status.FILLED, Assignment.Status.COMPLETED]
MAX_DOCUMENT_BYTES = 64 * 1024


def assignment_document(assignment: Assignment, *, site_url: str, origin_network: str) -> dict[str, Any]:
    """What a peer receives: no people, no contact details, no internal networks; a link back to react."""
    return {
        "titel": assignment.title,
        "samenvatting": assignment.summary,
        "omschrijving": assignment.description,
        "status": assignment.status,
        "organisatie": {"naam": assignment.organisation.name},
        "vorm": assignment.work_format,
        "urenPerWeek": assignment.hours_per_week,
        "dagdelen": assignment.dagdelen,
        "startDatum": assignment.start_date.isoformat() if assignment.start_date else None,
        "eindDatum": assignment.end_date.isoformat() if assignment.end_date else None,
        "reactieDatum": assignment.deadline.isoformat() if assignment.deadline else None,
        "plaats": assignment.place,
        "werkOpAfstand": assignment.remote_option,
        "inzetvormen": sorted(f.code for f in assignment.engagement_forms.all()),
        "vergoeding": assignment.compensation,
        "uurtarief": str(assignment.rate) if assignment.rate is not None else None,
        "budget": str(assignment.budget) if assignment.budget is not None else None,
        "aantalPlaatsen": assignment.places,
        "herkomst": {
            "url": site_url + reverse("assignments:detail", kwargs={"code": assignment.code}),
            "netwerk": origin_network,
        },
    }


def version_of(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class OrganisatieNaamSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=200)


class HerkomstSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text="De pagina van de klus op de Klusmarkt van herkomst.")
    netwerk = serializers.CharField(max_length=120, help_text="Het netwerk dat de klus deelt.")


class GedeeldeKlusInSerializer(serializers.Serializer):
    """A shared assignment as another Klusmarkt delivers it (PUT /gedeelde-klussen/{id})."""

    titel = serializers.CharField(max_length=160)
    samenvatting = serializers.CharField(max_length=300, allow_blank=True, default="")
    omschrijving = serializers.CharField(max_length=20_000)
    status = serializers.ChoiceField(choices=[(s, s) for s in STATUSES])
    organisatie = OrganisatieNaamSerializer()
    vorm = serializers.ChoiceField(choices=ASSIGNMENT_FORMATS, default=REGULAR)
    urenPerWeek = serializers.IntegerField(min_value=1, max_value=40, allow_null=True, default=None)
    dagdelen = serializers.IntegerField(min_value=1, max_value=MAX_DAGDELEN, allow_null=True, default=None)
    startDatum = serializers.DateField(allow_null=True, default=None)
    eindDatum = serializers.DateField(allow_null=True, default=None)
    reactieDatum = serializers.DateField(allow_null=True, default=None)
    plaats = serializers.CharField(max_length=120, allow_blank=True, default="")
    werkOpAfstand = serializers.ChoiceField(choices=Assignment.RemoteOption.choices)
    inzetvormen = serializers.ListField(child=serializers.CharField(max_length=20), max_length=10, default=list)
    vergoeding = serializers.ChoiceField(choices=Assignment.Compensation.choices)
    uurtarief = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, allow_null=True, default=None)
    budget = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, allow_null=True, default=None)
    aantalPlaatsen = serializers.IntegerField(min_value=1, max_value=100)
    herkomst = HerkomstSerializer()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("startDatum"), data.get("eindDatum")
        if start and end and end < start:
            raise serializers.ValidationError({"eindDatum": _("The end date is before the start date.")})
        if data["vorm"] == REGULAR and data.get("urenPerWeek") is None:
            raise serializers.ValidationError({"urenPerWeek": _("Give the hours a week of this work.")})
        if data["vorm"] != REGULAR and data.get("dagdelen") is None:
            raise serializers.ValidationError(
                {"dagdelen": _("Give the number of dagdelen (half-days) of this short format.")}
            )
        peer_url = self.context["peer_url"]
        if not data["herkomst"]["url"].startswith(peer_url + "/"):
            # The reaction link must lead to the Klusmarkt the receiving coordinator named for this key.
            raise serializers.ValidationError({"herkomst": {"url": _("This address does not belong to this key.")}})
        return data


class GedeeldeKlusSerializer(serializers.Serializer):
    """What the receiving Klusmarkt keeps of a delivered assignment."""

    id = serializers.UUIDField(source="remote_code")
    versie = serializers.CharField(source="version", help_text="SHA-256 van het laatst ontvangen document.")
    _links = serializers.SerializerMethodField()

    def get__links(self, obj: Any) -> dict[str, Any]:
        request = self.context["request"]
        html = reverse("assignments:detail", kwargs={"code": obj.assignment.code})
        return {"html": {"href": request.build_absolute_uri(html)}}
