"""Every page, in Dutch and in English: axe-core's WCAG 2.1 A/AA rules, the language switch, and reflow at 320 px.

One pass per page: load it, check it, switch language with the switch in the header, check the
same page again and reflow it at 320 CSS pixels. The first page loads in Dutch (the browser asks
for nl-NL); each next page loads in the language the switch chose last.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from marketplace.models import Notification
from tests import factories
from tests.e2e.helpers import assert_reflows, check_a11y, log_in, page_lang, save_screenshots

PUBLIC_PAGES = [
    ("home", "/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("organisation-login", "/accounts/organisatie/"),
    ("sso-cancelled", "/accounts/3rdparty/login/cancelled/"),
    ("password-reset", "/accounts/password/reset/"),
    ("confirm-email", "/accounts/confirm-email/"),
    ("accessibility", "/toegankelijkheid/"),
    ("networks", "/netwerken/"),
    ("assignments", "/klussen/"),
    ("professionals", "/professionals/"),
]
PRIVATE_PAGES = [
    ("notifications", "/meldingen/"),
    ("email", "/accounts/email/"),
    ("mfa", "/accounts/2fa/"),
    ("sso-connections", "/accounts/3rdparty/"),
]


OTHER = {"nl": "en", "en": "nl"}


@pytest.fixture
def content():
    """Something on every list page, so cards, facts and notifications are checked too."""
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    network = factories.NetworkFactory(name="ZPP Brabant", slug="zpp-brabant")
    factories.ParticipationFactory(network=network, organisation=organisation)
    user = factories.employee(organisation, user__email="anna.de.vries.beleidsadviseur@tilburg.nl")
    factories.MembershipFactory(user=user, network=network)
    factories.ProfileFactory(user=user, display_name="Anna de Vries")
    factories.AssignmentFactory(organisation=organisation, title="Projectleider implementatie Omgevingswet")
    Notification.objects.create(recipient=user, kind="test", subject="Welkom bij Klusmarkt", body="Hallo")
    return user


def switch_language(page: Page, to: str) -> None:
    before = page.url
    label = {"en": "English", "nl": "Nederlands"}[to]
    page.locator("header").get_by_role("button", name=label).click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    assert page.url == before, f"the language switch on {before} went to {page.url}"


def check_pages_in_both_languages(page: Page, pages: list[tuple[str, str]]) -> None:
    """Load each page in the current language, check it, switch language with the header's switch, check again.

    The next page then loads in the language just switched to, so the switch is used in both directions.
    """
    for name, path in pages:
        page.goto(path)
        assert page.url.endswith(path), f"{path} redirected to {page.url}"
        language = page_lang(page)
        check_a11y(page)
        save_screenshots(page, f"{name}-{language}")

        switch_language(page, OTHER[language])
        check_a11y(page)
        assert_reflows(page)


def test_it_passes_every_public_page_in_both_languages(page, content):
    page.goto("/")
    assert page_lang(page) == "nl"  # the browser asks for Dutch
    check_pages_in_both_languages(page, PUBLIC_PAGES)


def test_it_passes_every_page_behind_login_in_both_languages(page, live_server, content):
    log_in(page, content, live_server.url)
    check_pages_in_both_languages(page, PRIVATE_PAGES)
