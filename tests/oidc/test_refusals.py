"""What the NL GOV profile makes a client refuse, provoked at a real provider (node-oidc-provider).

The provider signs a correct ID token; for a refusal test it is told (``misbehave``) to hand out
one that is wrong in a single way. Klusmarkt must answer allauth's failure page (HTTP 401),
create nothing and log nobody in.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.test import Client

from marketplace.models import User

pytestmark = pytest.mark.django_db


def assert_refused(response, client, email: str) -> None:
    assert response.status_code == 401
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(email=email).exists()
    assert not SocialAccount.objects.exists()


def with_query(callback_url: str, **changes: str) -> str:
    parts = urlsplit(callback_url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"


@pytest.mark.parametrize(
    "mode",
    ["wrong-aud", "wrong-iss", "expired", "unsigned", "foreign-key", "no-nonce"],
    ids=["wrong-audience", "wrong-issuer", "expired", "unsigned-alg-none", "signed-by-another-key", "missing-nonce"],
)
def test_a_bad_id_token_is_refused(sso, tilburg_idp, op_tilburg, mode):
    authorize = sso.start("jan@tilburg.nl")
    callback = sso.at_provider(authorize, "jan@tilburg.nl")
    op_tilburg.misbehave(mode)

    response = sso.back_at_klusmarkt(callback)

    assert_refused(response, sso.client, "jan@tilburg.nl")


def test_a_replayed_nonce_is_refused(sso, tilburg_idp, op_tilburg, client):
    first = sso.login("jan@tilburg.nl")
    assert first.status_code == 302
    sso.client.logout()
    SocialAccount.objects.all().delete()
    User.objects.filter(email="jan@tilburg.nl").delete()
    op_tilburg.misbehave("replay-nonce")  # the next ID token carries the previous login's nonce

    response = sso.login("jan@tilburg.nl")

    assert_refused(response, sso.client, "jan@tilburg.nl")


def test_a_tampered_state_is_refused(sso, tilburg_idp):
    callback = sso.at_provider(sso.start("jan@tilburg.nl"), "jan@tilburg.nl")
    state = parse_qs(urlsplit(callback).query)["state"][0]

    response = sso.back_at_klusmarkt(with_query(callback, state=state[:-1] + ("A" if state[-1] != "A" else "B")))

    assert_refused(response, sso.client, "jan@tilburg.nl")


def test_a_callback_cannot_be_replayed(sso, tilburg_idp):
    callback = sso.at_provider(sso.start("jan@tilburg.nl"), "jan@tilburg.nl")
    assert sso.back_at_klusmarkt(callback).status_code == 302
    sso.client.logout()

    response = sso.back_at_klusmarkt(callback)

    assert response.status_code == 401
    assert SESSION_KEY not in sso.client.session


def test_a_callback_in_another_browser_is_refused(sso, tilburg_idp):
    callback = sso.at_provider(sso.start("jan@tilburg.nl"), "jan@tilburg.nl")
    other_browser = Client()

    response = other_browser.get(callback.removeprefix("http://testserver"))

    assert_refused(response, other_browser, "jan@tilburg.nl")


def test_another_organisations_provider_cannot_log_in_someone_of_this_domain(sso, tilburg_idp, breda_idp, owner):
    # Breda's provider says "owner@tilburg.nl, verified": it does not speak for tilburg.nl.
    callback = sso.at_provider(sso.start_at("breda"), "owner@tilburg.nl")

    response = sso.back_at_klusmarkt(callback)

    assert response.status_code == 401
    assert SESSION_KEY not in sso.client.session
    assert not SocialAccount.objects.exists()


def test_an_address_the_provider_has_not_verified_is_refused(sso, tilburg_idp):
    response = sso.login("unverified@tilburg.nl")

    assert_refused(response, sso.client, "unverified@tilburg.nl")


def test_the_provider_refusing_the_login_ends_the_session_it_started(sso, tilburg_idp):
    assert sso.login("jan@tilburg.nl").status_code == 302
    sso.browser.cookies.clear()  # a new login at the provider, where the account is now gone

    response = sso.login("jan@tilburg.nl", as_login="gone-jan@tilburg.nl")

    # access_denied: allauth shows its "login cancelled" page.
    assert response["Location"] == "/accounts/3rdparty/login/cancelled/"
    assert SESSION_KEY not in sso.client.session
    assert sso.client.get("/mijn/")["Location"].startswith("/accounts/login/")


def test_a_refused_login_leaves_a_password_session_alone(sso, tilburg_idp, owner):
    sso.client.force_login(owner)

    response = sso.back_at_klusmarkt("http://testserver/accounts/oidc/tilburg/login/callback/?code=x&state=forged")

    assert response.status_code == 401
    assert sso.client.session[SESSION_KEY] == str(owner.pk)
