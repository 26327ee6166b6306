"""axe-core's WCAG 2.1 A/AA rules on every page the journeys visit, in Dutch and in English."""

from __future__ import annotations

import pytest

from marketplace.models import Notification
from tests import factories
from tests.e2e.helpers import check_a11y, log_in, page_lang, save_screenshots

PUBLIC_PAGES = [
    ("home", "/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("password-reset", "/accounts/password/reset/"),
    ("confirm-email-sent", "/accounts/confirm-email/"),
    ("accessibility", "/toegankelijkheid/"),
    ("networks", "/netwerken/"),
    ("assignments", "/klussen/"),
    ("professionals", "/professionals/"),
]
PRIVATE_PAGES = [
    ("notifications", "/meldingen/"),
    ("email", "/accounts/email/"),
    ("mfa", "/accounts/2fa/"),
]
LANGUAGES = [("nl-NL", "nl"), ("en-US", "en")]


@pytest.fixture
def content():
    """Something on every list page, so cards, facts and notifications are checked too."""
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    network = factories.NetworkFactory(name="ZPP Brabant", slug="zpp-brabant")
    factories.ParticipationFactory(network=network, organisation=organisation)
    user = factories.employee(organisation, user__email="anna@tilburg.nl")
    factories.MembershipFactory(user=user, network=network)
    factories.ProfileFactory(user=user, display_name="Anna de Vries")
    factories.AssignmentFactory(organisation=organisation, title="Projectleider omgevingswet")
    Notification.objects.create(recipient=user, kind="test", subject="Welkom bij Klusmarkt", body="Hallo")
    return user


@pytest.mark.parametrize(("locale", "language"), LANGUAGES)
def test_it_passes_axe_on_every_public_page(new_page, live_server, content, locale, language):
    page = new_page(locale=locale)
    for name, path in PUBLIC_PAGES:
        page.goto(path)
        assert page_lang(page) == language, path
        check_a11y(page)
        save_screenshots(page, f"{name}-{language}")


@pytest.mark.parametrize(("locale", "language"), LANGUAGES)
def test_it_passes_axe_on_every_page_behind_login(new_page, live_server, content, locale, language):
    page = new_page(locale=locale)
    log_in(page, content, live_server.url)
    for name, path in PRIVATE_PAGES:
        page.goto(path)
        assert page_lang(page) == language, path
        check_a11y(page)
        save_screenshots(page, f"{name}-{language}")
