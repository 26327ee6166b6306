"""allauth's pages use the site's layout, in Dutch and English, and do not enumerate accounts."""

from __future__ import annotations

import pytest
from django.core import mail

from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("path", PAGES)
def test_it_renders_account_pages_in_the_site_layout(client, path):
    response = client.get(path, headers={"accept-language": "nl"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert '<main id="main"' in html
    assert "utrecht-form-field" in html


@pytest.mark.parametrize(("language", "word"), [("nl", "Wachtwoord"), ("en", "Password")])
def test_it_speaks_the_visitors_language(client, language, word):
    response = client.get("/accounts/login/", headers={"accept-language": language})

    assert f'<html lang="{language}"' in response.content.decode()
    assert word in response.content.decode()


def test_it_offers_mfa_to_every_user(client):
    client.force_login(factories.UserFactory())

    response = client.get("/accounts/2fa/")

    assert response.status_code == 200


def test_it_answers_password_reset_the_same_for_unknown_addresses(client):
    factories.UserFactory(email="bekend@example.com")

    known = client.post("/accounts/password/reset/", {"email": "bekend@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "onbekend@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The unknown address gets a note that there is no account, so the page itself reveals nothing.
    assert {m.to[0] for m in mail.outbox} == {"bekend@example.com", "onbekend@example.com"}


def test_it_does_not_reveal_a_taken_address_at_signup(client):
    factories.UserFactory(email="bezet@example.com")
    data = {"password1": "een-lang-wachtwoord-2026", "password2": "een-lang-wachtwoord-2026"}

    taken = client.post("/accounts/signup/", {"email": "bezet@example.com", **data})
    free = client.post("/accounts/signup/", {"email": "vrij@example.com", **data})

    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]


def test_it_requires_a_password_of_twelve_characters(client):
    response = client.post(
        "/accounts/signup/", {"email": "kort@example.com", "password1": "Kort-wacht1", "password2": "Kort-wacht1"}
    )

    assert response.status_code == 200
    assert not mail.outbox
