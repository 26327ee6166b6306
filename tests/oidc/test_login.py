"""Log in with your own organisation, against a real OpenID provider (node-oidc-provider)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY

from marketplace.models import User
from networks.models import Employment, IdentityProvider
from tests import factories
from tests.oidc.conftest import KEY_ENV, KEY_ID

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_first_login_creates_the_account_links_the_employer_and_returns_to_next(sso, tilburg_idp):
    response = sso.login("jan@tilburg.nl", next_url="/klussen/")

    assert response.status_code == 302
    assert response["Location"] == "/klussen/"
    user = User.objects.get(email="jan@tilburg.nl")
    assert sso.client.session[SESSION_KEY] == str(user.pk)
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [("jan@tilburg.nl", True)]
    assert SocialAccount.objects.get(user=user).provider == "tilburg"
    assert Employment.objects.get(user=user).organisation == tilburg_idp.organisation
    assert user.full_name == "Test jan"  # the provider's name claim


def test_the_next_login_finds_the_same_account(sso, tilburg_idp):
    sso.login("piet@tilburg.nl")
    sso.client.logout()

    response = sso.login("piet@tilburg.nl")

    assert response.status_code == 302
    assert User.objects.filter(email="piet@tilburg.nl").count() == 1
    assert SocialAccount.objects.filter(provider="tilburg").count() == 1
    assert logged_in(sso.client)


def test_the_request_carries_pkce_s256_a_nonce_a_256_bit_state_and_the_login_hint(sso, tilburg_idp, op_tilburg):
    authorize = sso.start("kees@tilburg.nl")

    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["nonce"][0]) >= 43
    assert len(query["state"][0]) >= 43  # 32 random bytes, base64url: 256 bits
    assert query["login_hint"] == ["kees@tilburg.nl"]
    sso.back_at_klusmarkt(sso.at_provider(authorize, "kees@tilburg.nl"))
    seen = [e for e in op_tilburg.events("authorization") if e["login_hint"] == "kees@tilburg.nl"][-1]
    assert seen["code_challenge_method"] == "S256" and seen["has_code_challenge"]
    assert seen["nonce"] == query["nonce"][0]


def test_a_domain_without_a_provider_is_sent_to_the_password_login(client, tilburg_idp):
    response = client.post("/accounts/organisatie/", {"email": "an@breda.nl", "next": "/klussen/"})

    assert response.status_code == 200
    assert b"/accounts/login/?next=%2Fklussen%2F" in response.content
    assert not logged_in(client)


def test_password_login_still_works_for_an_organisation_without_a_provider(client, outsider, tilburg_idp):
    outsider.set_password("een lang wachtwoord 42")
    outsider.save()

    response = client.post("/accounts/login/", {"login": "outsider@breda.nl", "password": "een lang wachtwoord 42"})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(outsider.pk)


def test_the_login_page_offers_the_organisation_login(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/accounts/login/?next=/klussen/")

    assert b'href="/accounts/organisatie/?next=/klussen/"' in response.content
    assert b'name="password"' in response.content


def test_the_organisation_login_page_works_in_bounded_queries(client, tilburg_idp, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        page = client.get("/accounts/organisatie/")
    with django_assert_max_num_queries(12):  # provider, its domains, and the new session (db or cached_db)
        sent = client.post("/accounts/organisatie/", {"email": "jan@tilburg.nl"})

    assert page.status_code == 200
    assert sent.status_code == 302 and sent["Location"].startswith(tilburg_idp.issuer + "/auth?")


def test_an_existing_password_account_is_linked_by_its_organisations_provider(sso, owner, tilburg_idp):
    response = sso.login("owner@tilburg.nl")

    assert response.status_code == 302
    assert sso.client.session[SESSION_KEY] == str(owner.pk)
    assert SocialAccount.objects.get(provider="tilburg").user == owner
    assert User.objects.filter(email="owner@tilburg.nl").count() == 1


def test_private_key_jwt_authenticates_klusmarkt_at_the_token_endpoint(sso, op_tilburg, sso_env):
    organisation = factories.OrganisationFactory(
        name="Gemeente Eindhoven", slug="gemeente-eindhoven", domain="eindhoven.nl"
    )
    factories.IdentityProviderFactory(
        organisation=organisation,
        slug="eindhoven",
        issuer=op_tilburg.issuer,
        client_id="klusmarkt-jwt",
        token_auth_method=IdentityProvider.TokenAuthMethod.PRIVATE_KEY_JWT,
        secret_name="",
        private_key_name=KEY_ENV,
        key_id=KEY_ID,
    )

    response = sso.login("els@eindhoven.nl")

    assert response.status_code == 302
    assert User.objects.get(email="els@eindhoven.nl").employment.organisation == organisation
    assert op_tilburg.events("token")[-1] == {"event": "token", "client_id": "klusmarkt-jwt", "auth": "private_key_jwt"}


def test_the_pages_that_lead_to_a_provider_let_their_form_go_there(client, tilburg_idp):
    # CSP form-action also governs the redirect after the form: 'self' alone blocks the provider.
    for path in ["/accounts/organisatie/", "/accounts/oidc/tilburg/login/"]:
        policy = client.get(path)["Content-Security-Policy"]
        form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
        assert tilburg_idp.issuer in form_action, path
        assert "'self'" in form_action, path


def test_an_unknown_provider_answers_404(client, tilburg_idp):
    assert client.get("/accounts/oidc/bestaat-niet/login/").status_code == 404
    assert client.get("/accounts/oidc/bestaat-niet/login/callback/?code=x&state=y").status_code == 404


def test_an_inactive_provider_is_not_offered(client, tilburg_idp):
    tilburg_idp.is_active = False
    tilburg_idp.save()

    response = client.post("/accounts/organisatie/", {"email": "jan@tilburg.nl"})

    assert response.status_code == 200
    assert client.get("/accounts/oidc/tilburg/login/").status_code == 404


def test_linking_an_account_whose_address_was_never_verified_wipes_its_password(sso, tilburg_idp):
    # Someone signed up with a colleague's address and waits: the colleague's first SSO login
    # must not leave them a password into the colleague's account.
    squatter = factories.UserFactory(email="jan@tilburg.nl")
    EmailAddress.objects.filter(user=squatter).update(verified=False)
    assert squatter.has_usable_password()

    assert sso.login("jan@tilburg.nl").status_code == 302

    squatter.refresh_from_db()
    assert sso.client.session[SESSION_KEY] == str(squatter.pk)
    assert not squatter.has_usable_password()
    assert EmailAddress.objects.get(user=squatter, email="jan@tilburg.nl").verified


def test_an_unreachable_provider_gets_a_message_not_an_error(client, organisation, sso_env):
    factories.IdentityProviderFactory(organisation=organisation, slug="tilburg", issuer="http://127.0.0.1:1")

    sent = client.post("/accounts/organisatie/", {"email": "jan@tilburg.nl"})
    continued = client.post("/accounts/oidc/tilburg/login/")

    assert sent.status_code == continued.status_code == 503
    assert b"cannot be reached right now" in sent.content
    assert b"cannot be reached right now" in continued.content


def test_a_provider_trusted_for_its_addresses_needs_no_email_verified(sso, tilburg_idp):
    # Entra ID sends no email_verified: staff mark its email claim as verified instead.
    tilburg_idp.email_is_verified = True
    tilburg_idp.save()

    response = sso.login("unverified-entra@tilburg.nl")  # this provider says email_verified: false

    assert response.status_code == 302
    user = User.objects.get(email="unverified-entra@tilburg.nl")
    assert EmailAddress.objects.get(user=user).verified
    assert Employment.objects.get(user=user).organisation == tilburg_idp.organisation


def test_the_callback_works_in_bounded_queries(sso, tilburg_idp, django_assert_max_num_queries):
    callback = sso.at_provider(sso.start("jan@tilburg.nl"), "jan@tilburg.nl")

    with django_assert_max_num_queries(50):  # once per person: account, address, employment, audit, session
        response = sso.back_at_klusmarkt(callback)

    assert response.status_code == 302
