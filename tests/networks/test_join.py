from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.models import AuditEntry, Notification
from networks.models import Employment, Membership, Network
from networks.services import membership_join
from tests import factories

pytestmark = pytest.mark.django_db


def _set_policy(network, policy):
    Network.objects.filter(pk=network.pk).update(join_policy=policy)


def test_it_requires_login_to_join(client, network):
    response = client.get("/netwerken/zpp-brabant/aanmelden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_admits_at_once_to_an_open_network(client, network, outsider):
    _set_policy(network, Network.JoinPolicy.OPEN)
    client.force_login(outsider)
    response = client.post("/netwerken/zpp-brabant/aanmelden/")
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, network=network)
    assert membership.status == Membership.Status.ACTIVE
    assert AuditEntry.objects.filter(action="networks.membership.joined").count() == 1
    assert network in Network.objects.of_member(outsider)


def test_it_puts_an_approval_request_in_the_queue_and_tells_coordinators(
    client, network, outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/netwerken/zpp-brabant/aanmelden/", {"motivation": "Ik ben planoloog."})
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, network=network)
    assert membership.status == Membership.Status.PENDING
    assert membership.motivation == "Ik ben planoloog."
    assert network not in Network.objects.of_member(outsider)
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.kind == "networks.request-received"
    assert [m.to for m in mailoutbox] == [["coordinator@tilburg.nl"]]


def test_it_requires_a_motivation_for_an_approval_network(client, network, outsider):
    client.force_login(outsider)
    response = client.post("/netwerken/zpp-brabant/aanmelden/", {"motivation": ""})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider).exists()


def test_it_refuses_requests_to_an_invitation_only_network(client, network, outsider):
    _set_policy(network, Network.JoinPolicy.INVITATION)
    client.force_login(outsider)
    response = client.post("/netwerken/zpp-brabant/aanmelden/", {"motivation": "Graag"})
    assert response.status_code == 400
    assert b"invitation only" in response.content or b"uitnodiging" in response.content
    assert not Membership.objects.filter(user=outsider).exists()


def test_it_refuses_a_second_request(client, pending):
    client.force_login(pending.user)
    response = client.post("/netwerken/zpp-brabant/aanmelden/", {"motivation": "Nog eens"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.motivation == "Ik wil graag meedoen."


def test_it_refuses_a_suspended_member(client, suspended, network):
    _set_policy(network, Network.JoinPolicy.OPEN)
    client.force_login(suspended)
    assert client.post("/netwerken/zpp-brabant/aanmelden/").status_code == 400
    assert Membership.objects.get(user=suspended).status == Membership.Status.SUSPENDED


def test_it_asks_to_confirm_before_leaving(client, member):
    client.force_login(member)
    response = client.get("/netwerken/zpp-brabant/verlaten/")
    assert response.status_code == 200
    assert Membership.objects.get(user=member).status == Membership.Status.ACTIVE


def test_it_lets_a_member_leave(client, member, network):
    client.force_login(member)
    response = client.post("/netwerken/zpp-brabant/verlaten/")
    assert response.status_code == 302
    assert Membership.objects.get(user=member).status == Membership.Status.LEFT
    assert network not in Network.objects.of_member(member)


def test_it_lets_an_automatic_member_leave(client, organisation, owner, network):
    Network.objects.filter(pk=network.pk).update(employees_are_members=True)
    assert network in Network.objects.of_member(owner)
    client.force_login(owner)
    assert client.post("/netwerken/zpp-brabant/verlaten/").status_code == 302
    assert network not in Network.objects.of_member(owner)
    assert Membership.objects.get(user=owner).status == Membership.Status.LEFT


def test_it_refuses_leaving_a_network_one_is_not_in(client, outsider, network):
    client.force_login(outsider)
    assert client.post("/netwerken/zpp-brabant/verlaten/").status_code == 400


def test_it_keeps_the_last_coordinator(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/netwerken/zpp-brabant/verlaten/")
    assert response.status_code == 400
    assert Membership.objects.get(user=coordinator).status == Membership.Status.ACTIVE


def test_it_lets_someone_who_left_rejoin_an_open_network(client, member, network):
    _set_policy(network, Network.JoinPolicy.OPEN)
    Membership.objects.filter(user=member).update(status=Membership.Status.LEFT)
    client.force_login(member)
    assert client.post("/netwerken/zpp-brabant/aanmelden/").status_code == 302
    assert Membership.objects.get(user=member).status == Membership.Status.ACTIVE


def test_it_gains_and_loses_membership_with_the_employer(organisation, other_organisation, network):
    """Werken in het Westen: employees of participating organisations are members automatically."""
    from allauth.account.models import EmailAddress

    from networks.services import employment_sync

    Network.objects.filter(pk=network.pk).update(employees_are_members=True)
    user = factories.UserFactory(email="iemand@tilburg.nl")
    employment_sync(user=user)
    assert network in Network.objects.of_member(user)
    # The person moves to Breda (not in the network): the Tilburg address goes, Breda's is verified.
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email="iemand@breda.nl", verified=True, primary=True)
    employment_sync(user=user)
    assert Employment.objects.get(user=user).organisation == other_organisation
    assert network not in Network.objects.of_member(user)


def test_it_offers_no_join_form_for_an_invitation_only_network(client, network, outsider):
    _set_policy(network, Network.JoinPolicy.INVITATION)
    client.force_login(outsider)
    response = client.get("/netwerken/zpp-brabant/aanmelden/")
    assert response.status_code == 200
    assert response.context["can_join"] is False
    assert b'method="post"' not in response.content.split(b"<main", 1)[1]


@pytest.mark.parametrize("policy", [Network.JoinPolicy.OPEN, Network.JoinPolicy.APPROVAL])
def test_it_keeps_a_visitor_out_of_networks_they_could_join_by_policy(client, network, visitor, policy):
    """The one rule: joining on one's own needs a government employer; a gmail visitor browses only."""
    _set_policy(network, policy)
    client.force_login(visitor)

    page = client.get("/netwerken/zpp-brabant/", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.context["can_join"] is False
    assert "Netwerken zijn voor ambtenaren" in page.content.decode()

    response = client.post("/netwerken/zpp-brabant/aanmelden/", {"motivation": "Ik wil graag meedoen."})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=visitor, network=network).exists()
    with pytest.raises(ValidationError):
        membership_join(network=network, user=visitor)


def test_it_still_lets_a_visitor_accept_a_coordinators_invitation(network, visitor, coordinator):
    from networks.services import invitation_create

    _set_policy(network, Network.JoinPolicy.OPEN)
    invitation_create(network=network, email=visitor.email, actor=coordinator)
    assert membership_join(network=network, user=visitor).status == Membership.Status.ACTIVE
