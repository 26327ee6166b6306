"""MFA is asked before the first action that needs it, says why, and leads back (issue 14 item 8).

A civil servant without two factors could post and publish an assignment (match emails went out)
and only then was every page sent to the TOTP setup, without a word of why.
"""

from __future__ import annotations

import re
import time
from html import unescape

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import is_mfa_enabled

from assignments.models import Assignment
from marketplace.middleware import MFA_CHECKED_KEY, MFA_NEXT_KEY
from tests import factories
from tests.assignments.test_views_posting import _post_data
from tests.security.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
WHY_EN = "Because you post assignments, coordinate a network or manage Klusmarkt"
WHY_NL = "Omdat je klussen plaatst, een netwerk coördineert of Klusmarkt beheert"


@pytest.fixture(autouse=True)
def enforce_mfa(settings):
    settings.MFA_ENFORCE = True
    settings.MFA_REQUIRED_FOR_ALL = False


def _activate_totp(client) -> object:
    """Re-authenticate, scan and confirm, as the person does; return the response to the code."""
    response = client.get(ACTIVATE)
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(ACTIVATE)
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return client.post(ACTIVATE, {"code": code}, follow=True)


def _continue_link(page: str) -> str | None:
    match = re.search(r'<a href="([^"]*)"[^>]*>\s*Continue where you were', page)
    return unescape(match.group(1)) if match else None


def test_a_civil_servant_who_starts_posting_is_asked_for_mfa_before_the_form(client, owner):
    login(client, owner.email)
    assert client.get("/klussen/").status_code == 200  # not an opdrachtgever yet: browsing is free

    response = client.get("/klussen/nieuw/")

    assert response.status_code == 302 and response["Location"] == ACTIVATE
    assert client.session[MFA_NEXT_KEY] == "/klussen/nieuw/"


def test_nothing_is_posted_or_published_without_mfa(client, owner):
    login(client, owner.email)

    response = client.post("/klussen/nieuw/", _post_data())

    assert response["Location"] == ACTIVATE
    assert not Assignment.objects.exists()


def test_the_activation_page_says_why_in_dutch_and_english(client, owner):
    login(client, owner.email)
    client.get("/klussen/nieuw/")
    client.post(client.get(ACTIVATE)["Location"], {"password": PASSWORD})

    assert WHY_EN in client.get(ACTIVATE).content.decode()
    assert WHY_NL in client.get(ACTIVATE, headers={"accept-language": "nl"}).content.decode()


def test_someone_who_sets_up_mfa_of_their_own_accord_is_not_told_they_must(client, member):
    login(client, member.email)
    client.post(client.get(ACTIVATE)["Location"], {"password": PASSWORD})

    page = client.get(ACTIVATE).content.decode()

    assert "Activate" in page and WHY_EN not in page


def test_after_activating_totp_the_person_is_led_back_to_the_posting_form(client, owner):
    login(client, owner.email)
    client.get("/klussen/nieuw/")

    response = _activate_totp(client)

    assert is_mfa_enabled(owner)
    page = response.content.decode()
    assert "Recovery Codes" in page  # the codes are shown once, before going on
    assert _continue_link(page) == "/klussen/nieuw/"
    form = client.get("/klussen/nieuw/")
    assert form.status_code == 200 and b'name="title"' in form.content
    assert client.post("/klussen/nieuw/", _post_data()).status_code == 302
    assert Assignment.objects.filter(posted_by=owner).exists()


def test_a_coordinator_sent_from_any_page_is_led_back_to_it(client, coordinator):
    login(client, coordinator.email)
    assert client.get("/meldingen/?pagina=1")["Location"] == ACTIVATE

    response = _activate_totp(client)

    assert _continue_link(response.content.decode()) == "/meldingen/?pagina=1"
    assert client.get("/meldingen/?pagina=1").status_code == 200
    assert MFA_NEXT_KEY not in client.session  # forgotten once the person is back


def test_a_new_co_owner_without_mfa_cannot_publish_and_returns_to_the_assignment(client, member):
    assignment = factories.AssignmentFactory(status=Assignment.Status.DRAFT)
    client.force_login(member)
    assert client.get("/klussen/").status_code == 200  # checked while not yet an owner: remembered
    assignment.co_owners.add(member)

    assert client.session[MFA_CHECKED_KEY] > time.time()

    response = client.post(f"/klussen/{assignment.code}/publiceren/")

    assert response["Location"] == ACTIVATE
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.DRAFT
    assert client.session[MFA_NEXT_KEY] == f"/klussen/{assignment.code}/"


def test_an_unsafe_return_address_is_not_offered(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    session = client.session
    session[MFA_NEXT_KEY] = "https://evil.example/klussen/"
    session.save()

    page = client.get("/accounts/2fa/recovery-codes/").content.decode()

    assert "evil.example" not in page and _continue_link(page) is None


def test_a_person_who_already_has_mfa_posts_without_a_detour(client, owner):
    TOTP.activate(owner, generate_totp_secret())
    client.force_login(owner)

    assert client.get("/klussen/nieuw/").status_code == 200


def test_a_coordinator_sent_from_the_workspace_is_led_back_to_it(client, coordinator, settings):
    settings.MFA_ENFORCE = False  # the workspace asks on its own, whatever the site-wide policy
    login(client, coordinator.email)
    assert client.get("/netwerken/zpp-brabant/beheer/")["Location"] == ACTIVATE

    response = _activate_totp(client)

    assert _continue_link(response.content.decode()) == "/netwerken/zpp-brabant/beheer/"
    assert client.get("/netwerken/zpp-brabant/beheer/").status_code == 200
