"""What the API and federation store about a person, for the privacy registry: only who issued or
revoked a network's key or link (never exported: acts for the network, not about the person)."""

from __future__ import annotations

from typing import Any

from marketplace import privacy
from marketplace.models import User


def export(user: User) -> dict[str, Any]:
    return {}


PART = privacy.PersonalData(
    app_label="api",
    relations={
        "api.ApiClient.created_by": "not exported: a network's API key a coordinator issued; set to null",
        "api.ApiClient.revoked_by": "not exported: a network's API key a coordinator revoked; set to null",
        "api.FederationLink.created_by": "not exported: a network's link with another Klusmarkt; set to null",
        "api.FederationLink.ended_by": "not exported: a network's link with another Klusmarkt; set to null",
    },
    not_personal_fields=frozenset(
        {
            "api.ApiClient.name",
            "api.ApiClient.key_hash",
            "api.ApiClient.key_hint",
            "api.ApiClient.peer_url",
            "api.FederationLink.peer_url",
            "api.FederationLink.peer_network_name",
            "api.FederationLink.peer_key_encrypted",
            "api.FederationLink.last_error",
            "api.OutboundShare.version",
            "api.InboundOrganisation.name",
            "api.InboundAssignment.origin_url",
            "api.InboundAssignment.origin_network",
            "api.InboundAssignment.version",
        }
    ),
    export=export,
)
