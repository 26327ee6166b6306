"""Onboarding: the sign-up page says what a work address does; a confirmed sign-up lands on a welcome."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-2026"
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def sign_up_and_confirm(client, email: str):
    client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}, **NL)
    path = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    return client.post(path, follow=True, **NL)


def test_it_explains_on_the_sign_up_page_that_a_government_address_links_the_employer(client):
    response = client.get("/accounts/signup/", **NL)
    text = response.content.decode()
    assert "overheidsdomein" in text and "koppelt je account aan je werkgever" in text
    assert "bezoeker" in text


def test_it_welcomes_a_civil_servant_by_their_employer_and_leads_to_the_profile(client, organisation):
    response = sign_up_and_confirm(client, "nieuw@tilburg.nl")

    assert response.redirect_chain[-1][0] == "/professionals/welkom/"
    text = response.content.decode()
    assert "<strong>Gemeente Tilburg</strong>" in text
    assert 'href="/professionals/mijn-profiel/"' in text


def test_it_tells_a_visitor_that_no_employer_was_found(client, organisation):
    response = sign_up_and_confirm(client, "iemand@gmail.com")

    assert response.redirect_chain[-1][0] == "/professionals/welkom/"
    text = response.content.decode()
    assert "geen overheidswerkgever" in text
    assert 'href="/accounts/email/"' in text and 'href="/professionals/mijn-profiel/"' in text


def test_it_answers_the_welcome_in_bounded_queries(client, organisation, django_assert_max_num_queries):
    client.force_login(factories.employee(organisation))
    with django_assert_max_num_queries(12):
        assert client.get("/professionals/welkom/").status_code == 200


def test_it_rejects_post_on_the_welcome(client, organisation):
    client.force_login(factories.employee(organisation))
    assert client.post("/professionals/welkom/").status_code == 405


def test_it_requires_login_for_the_welcome(client):
    response = client.get("/professionals/welkom/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
