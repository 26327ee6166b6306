"""/netwerken/<slug>/beheer/federatie/: coordinators (with MFA) link their network with one on another Klusmarkt."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from api.models import ApiClient, FederationLink
from marketplace.models import AuditEntry
from networks.models import Membership
from tests import factories
from tests.api.conftest import issue_key
from tests.api.federation import PEER, loopback
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

URL = "/netwerken/zpp-brabant/beheer/federatie/"


@pytest.fixture(autouse=True)
def _plain_http_peers(settings):
    settings.FEDERATION_ALLOW_HTTP = True


@pytest.fixture
def coordinator(coordinator):
    return with_mfa(coordinator)


@pytest.fixture
def federation_key(other_organisation):
    receiving = factories.NetworkFactory(slug="werken-in-het-westen")
    user = factories.employee(other_organisation, user__email="c@westen.nl")
    factories.MembershipFactory(user=user, network=receiving, role=Membership.Role.COORDINATOR)
    return issue_key(receiving, user, scope=ApiClient.Scope.FEDERATION, peer_url=django_settings.SITE_URL)


def test_a_coordinator_links_with_a_key_from_the_other_side(client, monkeypatch, coordinator, federation_key):
    loopback(monkeypatch, client)
    client.force_login(coordinator)

    response = client.post(
        URL, {"peer_url": PEER, "peer_network_name": "Werken in het Westen", "peer_key": federation_key}
    )

    assert response.status_code == 302
    link = FederationLink.objects.get()
    assert link.created_by == coordinator and link.status == FederationLink.Status.ACTIVE
    assert AuditEntry.objects.filter(action="api.federation.linked", actor=coordinator).exists()
    assert federation_key not in client.get(URL).content.decode()


def test_a_key_the_other_side_does_not_accept_makes_no_link(client, monkeypatch, coordinator):
    loopback(monkeypatch, client)
    client.force_login(coordinator)

    response = client.post(URL, {"peer_url": PEER, "peer_network_name": "X", "peer_key": "klm_verzonnen"})

    assert response.status_code == 400
    assert not FederationLink.objects.exists()


def test_a_coordinator_ends_a_link(client, monkeypatch, coordinator, federation_key, network):
    loopback(monkeypatch, client)
    client.force_login(coordinator)
    client.post(URL, {"peer_url": PEER, "peer_network_name": "W", "peer_key": federation_key})

    response = client.post(f"{URL}{FederationLink.objects.get().code}/beeindigen/")

    assert response.status_code == 302
    assert FederationLink.objects.get().status == FederationLink.Status.ENDED


def test_another_networks_link_cannot_be_ended_here(client, coordinator):
    other = factories.NetworkFactory(slug="over-loop")
    link = FederationLink.objects.create(network=other, peer_url=PEER, peer_network_name="X", peer_key_encrypted="x")
    client.force_login(coordinator)

    assert client.post(f"{URL}{link.code}/beeindigen/").status_code == 404
    assert FederationLink.objects.get().status == FederationLink.Status.ACTIVE


def test_it_is_for_this_networks_coordinators_only(client, member):
    client.force_login(member)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"peer_url": PEER}).status_code == 403


def test_the_links_page_costs_a_fixed_number_of_queries(client, coordinator, network, django_assert_max_num_queries):
    for i in range(10):
        FederationLink.objects.create(
            network=network, peer_url=f"https://k{i}.example", peer_network_name=f"N{i}", peer_key_encrypted="x"
        )
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.content.decode().count("<code>https://k") == 10
