"""Shared steps of the product journeys (issue 8): the cast, logging in with TOTP, axe in both languages."""

from __future__ import annotations

import re
from types import SimpleNamespace

from playwright.sync_api import Page, expect

from demo import networks as demo
from networks.models import Membership, Network
from profiles.models import EngagementForm
from tests.e2e.helpers import activate_totp, check_a11y, page_lang, totp_code

PASSWORD = "een-lang-wachtwoord-2026"
DEMO_PASSWORD = demo.DEMO_PASSWORD
# The smallest file the CV check accepts: a PDF header and an end-of-file trailer.
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TITLE = "Kwartiermaker Omgevingswet Hart van Brabant"


def cast() -> SimpleNamespace:
    """The real organisations and networks (demo seeding), a TOTP coordinator per network, a poster and an outsider."""
    demo.seed_organisations()
    networks = demo.seed_networks()
    zpp, over_loop = networks["zpp-brabant"], networks["over-loop"]
    coordinator = demo.ensure_account(email="bram.coordinator@brabant.nl", full_name="Bram Willems")
    Membership.objects.create(
        user=coordinator, network=zpp, role=Membership.Role.COORDINATOR, status=Membership.Status.ACTIVE
    )
    activate_totp(coordinator)
    over_loop_coordinator = demo.ensure_account(email="ingrid.coordinator@minbzk.nl", full_name="Ingrid Smit")
    Membership.objects.create(
        user=over_loop_coordinator, network=over_loop, role=Membership.Role.COORDINATOR, status=Membership.Status.ACTIVE
    )
    activate_totp(over_loop_coordinator)
    # ZPP Brabant lets members post: the opdrachtgever is a member from a participating municipality.
    assert zpp.posting_policy == Network.PostingPolicy.MEMBERS and zpp.moderates_assignments
    poster = demo.ensure_account(email="pieter.opdrachtgever@eindhoven.nl", full_name="Pieter Jansen")
    Membership.objects.create(user=poster, network=zpp, status=Membership.Status.ACTIVE)
    outsider = demo.ensure_account(email="olga.buitenstaander@leiden.nl", full_name="Olga de Boer")
    assert outsider.employment.organisation.slug == "gemeente-leiden"
    return SimpleNamespace(
        zpp=zpp,
        over_loop=over_loop,
        coordinator=coordinator,
        over_loop_coordinator=over_loop_coordinator,
        poster=poster,
        outsider=outsider,
        secondment=EngagementForm.objects.get(code=EngagementForm.Code.SECONDMENT),
    )


def log_in_with_password(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").first.click()


def log_in_with_totp(page: Page, user, password: str = DEMO_PASSWORD) -> None:
    """Password, then the code of the authenticator app; ends logged in on the home page."""
    log_in_with_password(page, user.email, password)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("#id_code").fill(totp_code(user))
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("header")).to_contain_text(user.email)


def log_out(page: Page) -> None:
    page.locator("header form[action*='logout'] button[type=submit]").click()
    expect(page.locator("header a[href^='/accounts/login/']")).to_be_visible()


def switch_language(page: Page, to: str) -> None:
    """Use the header's language switch; the same URL comes back in the other language."""
    before = page.url
    page.locator(f"header button[name=language][value={to}]").click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    assert page.url == before, f"the language switch on {before} went to {page.url}"


def check_a11y_both(page: Page) -> None:
    """axe on the page in Dutch, then switched to English with the header switch, then back to Dutch."""
    assert page_lang(page) == "nl"
    check_a11y(page)
    switch_language(page, "en")
    check_a11y(page)
    switch_language(page, "nl")


def submit(page: Page, action_ends_with: str) -> None:
    """Click the submit button of the form whose action ends with ``action_ends_with`` (one on the page)."""
    page.locator(f"main form[action$='{action_ends_with}'] button[type=submit]").click()
