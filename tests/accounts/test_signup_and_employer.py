"""Sign-up, verification and the employer link that follows verified addresses."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from marketplace.models import User
from networks.models import Employment
from networks.services import employment_sync
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-2026"


def sign_up_and_confirm(client, email: str) -> User:
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm_page = client.get(f"/{path}")
    assert confirm_page.status_code == 200
    client.post(f"/{path}")
    return User.objects.get(email=email)


def test_it_links_a_municipal_address_to_its_employer(client, organisation):
    user = sign_up_and_confirm(client, "nieuw@tilburg.nl")

    assert Employment.objects.get(user=user).organisation == organisation
    home = client.get("/")
    assert home.wsgi_request.user == user  # logged in after confirming


def test_it_keeps_an_unknown_domain_a_visitor(client, organisation):
    user = sign_up_and_confirm(client, "iemand@gmail.com")

    assert not Employment.objects.filter(user=user).exists()


def test_it_does_not_link_before_the_address_is_verified(client, organisation):
    client.post("/accounts/signup/", {"email": "wacht@tilburg.nl", "password1": PASSWORD, "password2": PASSWORD})

    user = User.objects.get(email="wacht@tilburg.nl")
    assert not Employment.objects.filter(user=user).exists()


def test_it_follows_a_change_of_primary_address(organisation, other_organisation):
    user = factories.UserFactory(email="persoon@tilburg.nl")
    employment_sync(user=user)
    assert user.employment.organisation == organisation

    EmailAddress.objects.filter(user=user).update(primary=False)
    EmailAddress.objects.create(user=user, email="persoon@breda.nl", verified=True, primary=True)
    employment_sync(user=user)

    assert Employment.objects.get(user=user).organisation == other_organisation


def test_it_ends_the_link_when_the_address_is_removed(client, organisation):
    user = factories.UserFactory(email="weg@gmail.com")
    EmailAddress.objects.create(user=user, email="weg@tilburg.nl", verified=True, primary=False)
    employment_sync(user=user)
    assert Employment.objects.filter(user=user, organisation=organisation).exists()

    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    response = client.post("/accounts/email/", {"action_remove": "", "email": "weg@tilburg.nl"})

    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="weg@tilburg.nl").exists()
    assert not Employment.objects.filter(user=user).exists()


def test_it_links_when_an_added_address_is_confirmed(client, organisation):
    user = factories.UserFactory(email="later@gmail.com")
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    client.post("/accounts/email/", {"action_add": "", "email": "later@tilburg.nl"})
    assert not Employment.objects.filter(user=user).exists()

    link = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)

    assert Employment.objects.get(user=user).organisation == organisation


def test_it_ignores_unverified_addresses(organisation):
    user = factories.UserFactory(email="half@gmail.com")
    EmailAddress.objects.create(user=user, email="half@tilburg.nl", verified=False, primary=False)

    assert employment_sync(user=user) is None


def test_it_records_the_link_in_the_history(organisation):
    user = factories.UserFactory(email="historie@tilburg.nl")
    employment_sync(user=user)

    from marketplace.services import audit_history

    assert [e.action for e in audit_history(user)] == ["networks.employment.linked"]


def test_its_emails_name_klusmarkt_not_the_request_host(client, settings):
    settings.SITE_URL = "https://klusmarkt.example.nl"
    client.post(
        "/accounts/signup/",
        {"email": "nieuw@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="localhost",
    )
    body = mail.outbox[0].body
    assert "Klusmarkt" in body
    assert "klusmarkt.example.nl" in body
    assert "Hello from localhost" not in body
    assert mail.outbox[0].subject.startswith("[Klusmarkt] ")
