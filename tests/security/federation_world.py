"""The leak crawl world's part of the api app: keys and links are the coordinators' workspace; an
assignment another Klusmarkt delivered is public here, like its origin."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from django.utils import timezone

from api.models import ApiClient, FederationLink, InboundAssignment, InboundOrganisation, OutboundShare
from api.services import api_client_issue
from assignments.models import Assignment
from tests import factories


def federation_world(m: Callable[[str], str], network, coordinator, insider, shared, make_assignment) -> None:
    """A federation key, a link delivering ``shared``, and an assignment delivered from elsewhere."""
    api_client, _key = api_client_issue(
        network=network,
        name=f"Sleutel {m('coord')}",
        scope=ApiClient.Scope.FEDERATION,
        peer_url=f"https://{m('coord')}.example.nl",
        expires_at=timezone.now() + datetime.timedelta(days=30),
        actor=coordinator,
    )
    link = FederationLink.objects.create(
        network=network,
        peer_url=f"https://{m('coord')}.example.nl",
        peer_network_name=f"Netwerk {m('coord')}",
        peer_key_encrypted="versleuteld",
        last_error=f"Fout {m('coord')}",
        created_by=coordinator,
    )
    OutboundShare.objects.create(link=link, assignment_code=shared.code, version="0" * 64)
    elsewhere = factories.OrganisationFactory(name=f"Elders {m('public')}")
    InboundOrganisation.objects.create(client=api_client, name=elsewhere.name, organisation=elsewhere)
    InboundAssignment.objects.create(
        client=api_client,
        remote_code=uuid.uuid4(),
        assignment=make_assignment(m, insider, elsewhere, Assignment.Audience.PUBLIC, "public"),
        origin_url=f"https://{m('public')}.example.nl/klussen/",
        origin_network=f"Netwerk {m('public')}",
        version="0" * 64,
    )
