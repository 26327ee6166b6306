"""Accounts: rate limits, admin login through allauth, password policy, change notifications and
re-authentication before sensitive actions (SECURITY-CHECKS C1, C2, C5)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from marketplace import urls as project_urls
from marketplace.lib.reauth import reauthentication_required
from marketplace.models import User
from tests import factories
from tests.security.conftest import PASSWORD, is_logged_in, login

pytestmark = pytest.mark.django_db

LOGIN_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


# Rate limits ---------------------------------------------------------------------------------


def test_it_configures_login_limits_in_the_project_settings():
    from marketplace import settings as project_settings

    assert project_settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


def test_it_refuses_the_right_password_after_five_failures(client, member, settings, clean_cache, clock):
    # tests/settings.py switches limits off; allauth reads its settings lazily, so this holds.
    settings.ACCOUNT_RATE_LIMITS = LOGIN_LIMITS
    with clock.at(seconds=0):
        for _ in range(5):
            response = client.post("/accounts/login/", {"login": member.email, "password": "wrong-password-1"})
            assert response.status_code == 200
        response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert not is_logged_in(client)

    # After the five-minute window the right password works again.
    with clock.at(seconds=301):
        login(client, member.email)


def test_it_accepts_the_right_password_after_four_failures(client, member, settings, clean_cache):
    settings.ACCOUNT_RATE_LIMITS = LOGIN_LIMITS
    for _ in range(4):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password-1"})
    login(client, member.email)


# The admin ------------------------------------------------------------------------------------


def test_it_sends_anonymous_admin_visitors_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)
    assert [url for url, _status in response.redirect_chain] == [
        "/admin/login/?next=/admin/",
        "/accounts/login/?next=%2Fadmin%2F",
    ]
    assert response.templates[0].name == "account/login.html"


def test_it_refuses_the_admin_password_form_to_a_logged_in_non_staff_person(client, member):
    staff = factories.UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client.force_login(member)

    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_it_lets_staff_into_the_admin(client):
    staff = factories.UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    login(client, staff.email)
    assert client.get("/admin/").status_code == 200


# Passwords ------------------------------------------------------------------------------------


def _signup(client, password: str, email: str = "nieuw@example.com"):
    return client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})


def test_it_refuses_a_password_of_11_characters(client):
    response = _signup(client, "Kw7#pLm2$vB")
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.com").exists()


def test_it_accepts_a_password_of_12_characters(client):
    response = _signup(client, "Kw7#pLm2$vBq")
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.com").exists()


def test_it_refuses_a_common_password_of_12_characters(client):
    _signup(client, "password1234")
    assert not User.objects.filter(email="nieuw@example.com").exists()


# Notifications on account changes ----------------------------------------------------------------


def test_it_mails_the_person_when_their_password_changes(client, member):
    login(client, member.email)
    mail.outbox.clear()

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]


# Re-authentication ----------------------------------------------------------------------------


def _reauthenticate(client, password: str = PASSWORD, url: str = "/accounts/reauthenticate/"):
    """Re-enter the password at ``url`` (the redirect target, which carries ``next``)."""
    return client.post(url, {"password": password})


def test_it_asks_for_the_password_again_before_adding_an_email_address(client, member, clock):
    with clock.at(seconds=0):
        login(client, member.email)
    with clock.at(seconds=10):
        response = client.post("/accounts/email/", {"action_add": "", "email": "second@example.com"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="second@example.com").exists()

    # After re-entering the password, the stashed request is replayed.
    with clock.at(seconds=20):
        response = _reauthenticate(client, url=response["Location"])
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=member, email="second@example.com").exists()


def test_it_asks_again_once_the_reauthentication_is_older_than_five_minutes(client, member, clock):
    with clock.at(seconds=0):
        login(client, member.email)
        _reauthenticate(client)
    with clock.at(seconds=299):
        response = client.post("/accounts/email/", {"action_add": "", "email": "second@example.com"})
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/reauthenticate/")
        assert EmailAddress.objects.filter(email="second@example.com").exists()
    with clock.at(seconds=301):
        response = client.post("/accounts/email/", {"action_add": "", "email": "third@example.com"})
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="third@example.com").exists()


def test_it_asks_for_the_password_again_before_mfa_changes(client, member):
    login(client, member.email)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


# The helper for our own sensitive views (data export, account deletion).

SENSITIVE_CALLS: list[int] = []


@reauthentication_required
@require_POST
def _sensitive_view(request: HttpRequest) -> HttpResponse:
    SENSITIVE_CALLS.append(request.user.pk)
    return HttpResponse("done")


@login_not_required
@reauthentication_required
def _public_sensitive_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("done")


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-sensitive/", _sensitive_view),
    path("test-public-sensitive/", _public_sensitive_view),
]


@pytest.fixture
def sensitive_urls(settings):
    settings.ROOT_URLCONF = __name__
    SENSITIVE_CALLS.clear()


def test_it_lets_a_sensitive_view_run_only_after_reauthentication(client, member, clock, sensitive_urls):
    with clock.at(seconds=0):
        login(client, member.email)
        response = client.post("/test-sensitive/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Ftest-sensitive%2F"
    assert SENSITIVE_CALLS == []

    with clock.at(seconds=5):
        response = _reauthenticate(client, url=response["Location"])
    assert response.status_code == 200
    assert response.content == b"done"
    assert [member.pk] == SENSITIVE_CALLS

    with clock.at(seconds=200):
        assert client.post("/test-sensitive/").content == b"done"
    with clock.at(seconds=310):
        assert client.post("/test-sensitive/").status_code == 302
    assert [member.pk, member.pk] == SENSITIVE_CALLS


def test_it_refuses_a_wrong_password_at_reauthentication(client, member, sensitive_urls):
    login(client, member.email)
    client.post("/test-sensitive/")
    response = _reauthenticate(client, "not-the-password")
    assert response.status_code == 200
    assert SENSITIVE_CALLS == []


def test_it_requires_reauthentication_even_when_allauth_would_not(client, member, settings, sensitive_urls):
    settings.ACCOUNT_REAUTHENTICATION_REQUIRED = False
    login(client, member.email)
    assert client.post("/test-sensitive/").status_code == 302


def test_it_sends_anonymous_visitors_of_a_sensitive_view_to_login(client, sensitive_urls):
    response = client.get("/test-public-sensitive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
