"""MFA policy: required for coordinators, opdrachtgevers and staff (or everyone, by setting),
offered to all (SECURITY-CHECKS C5; BIO2 5.17.01)."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import is_mfa_enabled

from assignments.policy import is_client
from marketplace.middleware import mfa_required
from networks.models import Membership
from networks.policy import is_coordinator
from tests import factories
from tests.security.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def enforce_mfa(settings):
    settings.MFA_ENFORCE = True
    settings.MFA_REQUIRED_FOR_ALL = False


def _landing(client, user, path: str = "/meldingen/"):
    client.force_login(user)
    return client.get(path)


def _is_sent_to_mfa_setup(response) -> bool:
    return response.status_code == 302 and response["Location"] == ACTIVATE


def test_it_sends_a_coordinator_without_mfa_to_the_totp_setup(client, coordinator):
    assert _is_sent_to_mfa_setup(_landing(client, coordinator))


def test_it_sends_an_opdrachtgever_without_mfa_to_the_totp_setup(client, owner):
    factories.AssignmentFactory(posted_by=owner, organisation=owner.employment.organisation)
    assert _is_sent_to_mfa_setup(_landing(client, owner))


def test_it_sends_a_co_owner_of_an_assignment_to_the_totp_setup(client, member):
    assignment = factories.AssignmentFactory()
    assignment.co_owners.add(member)
    assert _is_sent_to_mfa_setup(_landing(client, member))


def test_it_sends_staff_without_mfa_to_the_totp_setup(client):
    staff = factories.UserFactory(email="staff@example.com", is_staff=True)
    assert _is_sent_to_mfa_setup(_landing(client, staff, "/admin/"))


def test_it_lets_a_plain_member_in_without_mfa(client, member):
    assert _landing(client, member).status_code == 200


def test_it_lets_an_owner_who_posted_nothing_in_without_mfa(client, owner):
    assert _landing(client, owner).status_code == 200


def test_it_does_not_count_a_suspended_coordinator(client, member, network):
    Membership.objects.filter(user=member).update(role=Membership.Role.COORDINATOR, status=Membership.Status.SUSPENDED)
    assert not is_coordinator(member)
    assert _landing(client, member).status_code == 200


def test_it_requires_mfa_for_everyone_when_the_setting_says_so(client, member, settings):
    settings.MFA_REQUIRED_FOR_ALL = True
    assert _is_sent_to_mfa_setup(_landing(client, member))


def test_it_lets_a_coordinator_with_totp_in(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    assert _landing(client, coordinator).status_code == 200


def test_it_lets_the_coordinator_in_right_after_activation(client, coordinator):
    assert _is_sent_to_mfa_setup(_landing(client, coordinator))
    TOTP.activate(coordinator, generate_totp_secret())
    assert client.get("/meldingen/").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/accounts/2fa/"),
        ("get", "/accounts/email/"),
        ("post", "/accounts/logout/"),
        ("post", "/taal/"),
        ("get", "/privacy/"),
        ("get", "/.well-known/security.txt"),
        ("get", "/static/css/klusmarkt.css"),
    ],
)
def test_it_keeps_account_logout_and_static_pages_reachable(client, coordinator, method, path):
    client.force_login(coordinator)
    response = getattr(client, method)(path, {"language": "en"} if path == "/taal/" else {})
    assert not _is_sent_to_mfa_setup(response)
    # Static files are not collected in tests, so whitenoise answers 404 there: not a redirect.
    assert response.status_code < 400 or path.startswith("/static/")


def test_it_does_not_enforce_when_switched_off(client, coordinator, settings):
    settings.MFA_ENFORCE = False
    assert _landing(client, coordinator).status_code == 200


def test_it_offers_mfa_to_everyone(client, member):
    client.force_login(member)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert ACTIVATE.encode() in response.content


def test_it_answers_the_policy_per_role(coordinator, owner, member, visitor):
    factories.AssignmentFactory(posted_by=owner, organisation=owner.employment.organisation)
    assert is_coordinator(coordinator) and mfa_required(coordinator)
    assert is_client(owner) and mfa_required(owner)
    assert not mfa_required(member)
    assert not mfa_required(visitor)


def test_it_walks_a_new_coordinator_through_mfa_setup_to_the_site(client, coordinator):
    """The forced path works end to end: login, re-authenticate, scan, confirm, in."""
    login(client, coordinator.email)
    response = client.get("/meldingen/", follow=True)
    assert [url for url, _ in response.redirect_chain] == [
        ACTIVATE,
        f"/accounts/reauthenticate/?next={quote(ACTIVATE, safe='')}",
    ]

    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == ACTIVATE
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302
    assert is_mfa_enabled(coordinator)
    assert client.get("/meldingen/").status_code == 200
