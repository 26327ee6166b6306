from __future__ import annotations

import pytest

from marketplace.models import AuditEntry, Notification
from networks.models import Membership, Network
from tests import factories

pytestmark = pytest.mark.django_db


def _url(membership, action=""):
    return f"/netwerken/zpp-brabant/beheer/leden/{membership.code}/{action}"


def test_it_shows_the_queue(client, coordinator, pending):
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/aanvragen/")
    assert response.status_code == 200
    assert b"Ik wil graag meedoen." in response.content


def test_it_admits_a_request_and_tells_the_person(client, coordinator, pending, network):
    client.force_login(coordinator)
    response = client.post(_url(pending, "toelaten/"), {"from": "queue"})
    assert response.status_code == 302
    assert response["Location"] == "/netwerken/zpp-brabant/beheer/aanvragen/"
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE
    assert pending.decided_by == coordinator
    assert network in Network.objects.of_member(pending.user)
    assert Notification.objects.get(recipient=pending.user).kind == "networks.admitted"
    entry = AuditEntry.objects.get(action="networks.membership.admitted")
    assert (entry.actor, entry.from_state, entry.to_state) == (coordinator, "pending", "active")


def test_it_rejects_a_request_with_a_reason_the_person_sees(client, coordinator, pending):
    client.force_login(coordinator)
    response = client.post(_url(pending, "afwijzen/"), {"reason": "Alleen voor Brabantse overheden."})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.REJECTED
    assert pending.reason == "Alleen voor Brabantse overheden."
    assert "Alleen voor Brabantse overheden." in Notification.objects.get(recipient=pending.user).body
    client.force_login(pending.user)
    assert b"Alleen voor Brabantse overheden." in client.get("/netwerken/zpp-brabant/").content


def test_it_requires_a_reason_to_reject(client, coordinator, pending):
    client.force_login(coordinator)
    response = client.post(_url(pending, "afwijzen/"), {"reason": " "})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_it_suspends_and_reinstates_with_reasons(client, coordinator, member, network):
    membership = Membership.objects.get(user=member)
    client.force_login(coordinator)
    assert client.post(_url(membership, "schorsen/"), {"reason": "Misbruik"}).status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == (Membership.Status.SUSPENDED, "Misbruik")
    assert network not in Network.objects.of_member(member)
    assert client.post(_url(membership, "herstellen/"), {"reason": "Opgelost"}).status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    kinds = set(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == {"networks.suspended", "networks.reinstated"}
    history = client.get(_url(membership))
    assert b"Misbruik" in history.content and b"Opgelost" in history.content


def test_it_refuses_to_suspend_oneself(client, coordinator):
    membership = Membership.objects.get(user=coordinator)
    client.force_login(coordinator)
    assert client.post(_url(membership, "schorsen/"), {"reason": "x"}).status_code == 400


def test_it_refuses_an_action_that_does_not_fit_the_status(client, coordinator, pending, member):
    client.force_login(coordinator)
    assert client.post(_url(pending, "schorsen/"), {"reason": "x"}).status_code == 400
    assert client.post(_url(Membership.objects.get(user=member), "toelaten/")).status_code == 400


def test_it_promotes_a_member_to_coordinator(client, coordinator, member, network):
    membership = Membership.objects.get(user=member)
    client.force_login(coordinator)
    assert client.post(_url(membership, "coordinator/")).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COORDINATOR
    assert network in Network.objects.coordinated_by(member)
    assert Notification.objects.get(recipient=member).kind == "networks.promoted"


def test_it_shows_the_history_of_every_decision(client, coordinator, pending):
    client.force_login(coordinator)
    client.post(_url(pending, "afwijzen/"), {"reason": "Vol"})
    response = client.get("/netwerken/zpp-brabant/beheer/geschiedenis/")
    assert response.status_code == 200
    assert b"Request declined" in response.content
    assert b"networks.membership.rejected" not in response.content
    assert b"Vol" in response.content


def test_it_sends_the_decision_in_the_recipients_language(client, coordinator, pending):
    pending.user.language = "en"
    pending.user.save(update_fields=["language"])
    client.force_login(coordinator)
    client.post(_url(pending, "afwijzen/"), {"reason": "Full"})
    assert "has not been accepted" in Notification.objects.get(recipient=pending.user).body


def test_it_cannot_reach_another_networks_membership(client, coordinator, other_network):
    stranger = factories.MembershipFactory(network=other_network, status=Membership.Status.PENDING)
    client.force_login(coordinator)
    response = client.post(f"/netwerken/zpp-brabant/beheer/leden/{stranger.code}/toelaten/")
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Membership.Status.PENDING


def test_it_sends_a_coordinator_without_mfa_to_set_it_up(client, coordinator_without_mfa):
    client.force_login(coordinator_without_mfa)
    response = client.get("/netwerken/zpp-brabant/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.parametrize(
    "path",
    [
        "toelaten/",
        "afwijzen/",
        "schorsen/",
        "herstellen/",
        "coordinator/",
    ],
)
def test_it_rejects_get(client, coordinator, pending, path):
    client.force_login(coordinator)
    assert client.get(_url(pending, path)).status_code == 405
