"""/netwerken/<slug>/beheer/api-sleutels/: coordinators (with MFA) issue and revoke their network's keys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiClient
from marketplace.models import AuditEntry
from tests import factories
from tests.api.conftest import bearer, issue_key
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

URL = "/netwerken/zpp-brabant/beheer/api-sleutels/"


def form(**overrides):
    expires = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    return {"name": "Vacaturesite Brabant", "scope": "read", "expires_at": expires, "peer_url": "", **overrides}


@pytest.fixture
def coordinator(coordinator):
    return with_mfa(coordinator)


def test_it_issues_a_key_shown_once_and_audited(client, coordinator, network):
    client.force_login(coordinator)

    response = client.post(URL, form())

    client_row = ApiClient.objects.get()
    key = response.context["issued_key"]
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert key.startswith("klm_") and key in response.content.decode()
    assert client_row.network == network and client_row.created_by == coordinator
    assert key not in client.get(URL).content.decode()
    entry = AuditEntry.objects.get(action="api.client.issued")
    assert entry.actor == coordinator and entry.note == "Vacaturesite Brabant"
    assert client.get("/api/v1/netwerken", **bearer(key)).status_code == 200


def test_it_revokes_a_key_at_once_and_audits_it(client, coordinator, network):
    key = issue_key(network, coordinator)
    client.force_login(coordinator)

    response = client.post(f"{URL}{ApiClient.objects.get().code}/intrekken/")

    assert response.status_code == 302
    assert ApiClient.objects.get().revoked_at is not None
    assert AuditEntry.objects.filter(action="api.client.revoked", actor=coordinator).count() == 1
    assert client.get("/api/v1/netwerken", **bearer(key)).status_code == 401


def test_the_history_page_shows_issue_and_revocation(client, coordinator, network):
    issue_key(network, coordinator)
    client.force_login(coordinator)
    client.post(f"{URL}{ApiClient.objects.get().code}/intrekken/")

    page = client.get("/netwerken/zpp-brabant/beheer/geschiedenis/").content.decode()

    # In words, not codes (issue 14 item 11).
    assert "API key issued" in page and "API key revoked" in page
    assert "api.client.issued" not in page


def test_another_networks_key_cannot_be_revoked_here(client, coordinator, network):
    other = factories.NetworkFactory(slug="over-loop")
    issue_key(other, coordinator)
    client.force_login(coordinator)

    response = client.post(f"{URL}{ApiClient.objects.get().code}/intrekken/")

    assert response.status_code == 404
    assert ApiClient.objects.get().revoked_at is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"expires_at": (timezone.localdate() + dt.timedelta(days=400)).isoformat()}, "expires_at"),
        ({"expires_at": "2020-01-01"}, "expires_at"),
        ({"scope": "federation", "peer_url": ""}, "peer_url"),
    ],
    ids=["too long", "in the past", "federation without peer"],
)
def test_it_refuses_a_key_outside_the_rules(client, coordinator, overrides, field):
    client.force_login(coordinator)

    response = client.post(URL, form(**overrides))

    assert response.status_code == 400
    assert not ApiClient.objects.exists()


def test_a_federation_key_remembers_its_peer(client, coordinator):
    client.force_login(coordinator)

    client.post(URL, form(scope="federation", peer_url="https://klusmarkt.holland-rijnland.nl/"))

    assert ApiClient.objects.get().peer_url == "https://klusmarkt.holland-rijnland.nl"


def test_it_is_for_this_networks_coordinators_only(client, member, network):
    client.force_login(member)

    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not ApiClient.objects.exists()


def test_it_requires_mfa(client, organisation, network):
    from networks.models import Membership

    user = factories.employee(organisation, user__email="zondermfa@tilburg.nl")
    factories.MembershipFactory(user=user, network=network, role=Membership.Role.COORDINATOR)
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_it_rejects_get_on_revoke(client, coordinator, network):
    issue_key(network, coordinator)
    client.force_login(coordinator)

    assert client.get(f"{URL}{ApiClient.objects.get().code}/intrekken/").status_code == 405


def test_the_workspace_menu_links_to_the_keys(client, coordinator):
    client.force_login(coordinator)

    assert f'href="{URL}"' in client.get("/netwerken/zpp-brabant/beheer/").content.decode()


def test_the_keys_page_costs_a_fixed_number_of_queries(client, coordinator, network, django_assert_max_num_queries):
    for i in range(15):
        issue_key(network, coordinator, name=f"Sleutel {i}")
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.content.decode().count("<code>klm_") == 15


def test_staff_see_keys_in_the_admin_without_their_hash(client, coordinator, network):
    issue_key(network, coordinator)
    admin = with_mfa(factories.UserFactory(email="admin@minbzk.nl", is_staff=True, is_superuser=True))
    client.force_login(admin)

    listing = client.get("/admin/api/apiclient/")
    detail = client.get(f"/admin/api/apiclient/{ApiClient.objects.get().pk}/change/")

    assert listing.status_code == detail.status_code == 200
    assert ApiClient.objects.get().key_hash not in detail.content.decode()
