from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import Notification, User
from networks.models import Invitation, Membership, Network
from tests import factories

pytestmark = pytest.mark.django_db


def _invite(client, coordinator, email, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/netwerken/zpp-brabant/beheer/uitnodigen/", {"email": email, "message": "Welkom!"})
    assert response.status_code == 302
    client.logout()
    body = mail.outbox[-1].body
    return re.search(r"/netwerken/uitnodiging/([^/\s]+)/", body).group(0)


@pytest.fixture
def invitation_network(network):
    Network.objects.filter(pk=network.pk).update(join_policy=Network.JoinPolicy.INVITATION)
    return network


def test_it_sends_an_invitation_and_stores_only_a_hash(
    client, coordinator, invitation_network, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "Nieuw@Breda.nl", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert invitation.email == "nieuw@breda.nl"
    assert token not in invitation.token_hash
    assert mail.outbox[-1].to == ["nieuw@breda.nl"]


def test_it_shows_a_valid_invitation_to_anonymous_visitors(
    client, coordinator, invitation_network, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "nieuw@breda.nl", django_capture_on_commit_callbacks)
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["state"] == "valid"
    assert b"nieuw@breda.nl" in response.content


def test_it_admits_an_existing_account_through_a_valid_link(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    membership = Membership.objects.get(user=outsider)
    assert membership.status == Membership.Status.INVITED
    assert Notification.objects.filter(recipient=outsider, kind="networks.invited").exists()
    client.force_login(outsider)
    response = client.post(f"{path}accepteren/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert invitation_network in Network.objects.of_member(outsider)
    assert Invitation.objects.get().used_by == outsider


def test_it_sends_the_member_who_used_the_link_to_the_network(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    client.force_login(outsider)
    client.post(f"{path}accepteren/")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/netwerken/{invitation_network.slug}/"
    client.force_login(coordinator)
    assert client.get(path).status_code == 410


def test_it_refuses_a_reused_link(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    client.force_login(outsider)
    client.post(f"{path}accepteren/")
    Membership.objects.filter(user=outsider).update(status=Membership.Status.LEFT)
    assert client.get(path).status_code == 410
    assert client.post(f"{path}accepteren/").status_code == 410
    assert Membership.objects.get(user=outsider).status == Membership.Status.LEFT


def test_it_refuses_an_expired_link(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(outsider)
    assert client.get(path).status_code == 410
    assert client.post(f"{path}accepteren/").status_code == 410
    assert Membership.objects.get(user=outsider).status == Membership.Status.INVITED


def test_it_refuses_a_tampered_link(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    client.force_login(outsider)
    assert client.get(tampered).status_code == 404
    assert client.post(f"{tampered}accepteren/").status_code == 404
    assert Membership.objects.get(user=outsider).status == Membership.Status.INVITED


def test_it_refuses_a_link_used_by_someone_else(
    client, coordinator, invitation_network, outsider, member, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    intruder = factories.employee(factories.OrganisationFactory(slug="elders"))
    client.force_login(intruder)
    assert client.post(f"{path}accepteren/").status_code == 400
    assert not Membership.objects.filter(user=intruder).exists()
    assert Invitation.objects.get().used_at is None


def test_it_admits_a_new_account_after_sign_up_and_verification(
    client, coordinator, invitation_network, other_organisation, django_capture_on_commit_callbacks
):
    path = _invite(client, coordinator, "nieuw@breda.nl", django_capture_on_commit_callbacks)
    assert client.get(path).status_code == 200
    response = client.post(
        "/accounts/signup/",
        {"email": "nieuw@breda.nl", "password1": "een-lang-wachtwoord-2026", "password2": "een-lang-wachtwoord-2026"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@breda.nl")
    assert invitation_network not in Network.objects.of_member(user)
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/accounts/confirm-email/{key}/").status_code == 302
    membership = Membership.objects.get(user=user, network=invitation_network)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == coordinator
    assert Invitation.objects.get().used_by == user


def test_it_does_not_invite_an_active_member(client, coordinator, member):
    client.force_login(coordinator)
    response = client.post("/netwerken/zpp-brabant/beheer/uitnodigen/", {"email": "member@breda.nl"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_it_rejects_get_on_accept(client, outsider):
    client.force_login(outsider)
    assert client.get("/netwerken/uitnodiging/abc/accepteren/").status_code == 405


def test_it_lets_an_invited_account_accept_from_the_network_page(
    client, coordinator, invitation_network, outsider, django_capture_on_commit_callbacks
):
    _invite(client, coordinator, "outsider@breda.nl", django_capture_on_commit_callbacks)
    client.force_login(outsider)
    assert client.get("/netwerken/zpp-brabant/").context["can_join"] is True
    assert client.post("/netwerken/zpp-brabant/aanmelden/").status_code == 302
    assert Membership.objects.get(user=outsider).status == Membership.Status.ACTIVE
    assert Invitation.objects.get().used_by == outsider


def test_an_invitation_whose_smtp_send_fails_stays_in_the_outbox_and_is_sent_later(
    coordinator, invitation_network, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    from marketplace.services import notifications_dispatch_pending
    from networks.services import invitation_create

    original = EmailBackend.send_messages

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(network=invitation_network, actor=coordinator, email="nieuw@breda.nl", message="")
    queued = Notification.objects.get(email_to="nieuw@breda.nl")
    assert queued.recipient is None
    assert queued.email_status == Notification.EmailStatus.PENDING
    assert queued.email_attempts >= 1
    assert not [m for m in mail.outbox if m.to == ["nieuw@breda.nl"]]

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    Notification.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(hours=1))
    notifications_dispatch_pending()
    queued.refresh_from_db()
    assert queued.email_status == Notification.EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["nieuw@breda.nl"]]
    assert "/netwerken/uitnodiging/" in mail.outbox[0].body
    assert queued.body == ""  # the one-time link does not stay in the outbox
