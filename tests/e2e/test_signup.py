"""Signing up in the browser: a civil servant becomes linked to their employer, a gmail address stays a visitor.

The journeys click and type like a person, read the confirmation link from the email, and run
axe on the pages that test_accessibility does not reach (the confirmation page and the logged-in
home page; the mouse journey in Dutch, the keyboard journey in English).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from marketplace.models import User
from networks.models import Employment
from tests import factories
from tests.e2e.helpers import check_a11y, focused, link_in_email, save_screenshots, tab_to

PASSWORD = "een-lang-wachtwoord-2026"


@pytest.fixture
def tilburg():
    return factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")


def sign_up_by_mouse(page: Page, email: str, *, screenshots: bool = False) -> None:
    page.goto("/")
    page.locator("header").get_by_role("link", name="Account aanmaken").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Registreren").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.locator("main")).to_contain_text(email)
    if screenshots:
        save_screenshots(page, "journey-verification-sent-nl")


def confirm_by_mouse(page: Page, email: str, *, a11y: bool = False) -> None:
    page.goto(link_in_email(email, "/accounts/confirm-email/"))
    expect(page.locator("main")).to_contain_text(email)
    if a11y:
        check_a11y(page)
        save_screenshots(page, "journey-confirm-email-nl")
    page.locator("main").get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(r"/professionals/welkom/$"))


def test_it_signs_up_a_civil_servant_and_links_the_employer(page, tilburg):
    sign_up_by_mouse(page, "jan.jansen@tilburg.nl", screenshots=True)

    confirm_by_mouse(page, "jan.jansen@tilburg.nl", a11y=True)

    expect(page.locator("main")).to_contain_text("Je adres jan.jansen@tilburg.nl hoort bij Gemeente Tilburg")
    save_screenshots(page, "journey-welcome-nl")
    expect(page.locator("header")).to_contain_text("jan.jansen@tilburg.nl")
    expect(page.locator("header").get_by_role("button", name="Uitloggen")).to_be_visible()
    check_a11y(page)
    user = User.objects.get(email="jan.jansen@tilburg.nl")
    assert Employment.objects.get(user=user).organisation == tilburg


def test_it_keeps_a_gmail_address_a_visitor(page, tilburg):
    sign_up_by_mouse(page, "jan.jansen@gmail.com")

    confirm_by_mouse(page, "jan.jansen@gmail.com")

    expect(page.locator("main")).to_contain_text("geen overheidswerkgever")
    page.locator("main").get_by_role("link", name="Naar je profiel").click()
    expect(page).to_have_url(re.compile(r"/professionals/mijn-profiel/$"))
    expect(page.locator("header")).to_contain_text("jan.jansen@gmail.com")
    user = User.objects.get(email="jan.jansen@gmail.com")
    assert user.emailaddress_set.get().verified
    assert not Employment.objects.filter(user=user).exists()


def is_field(name: str):
    return lambda info: info["name"] == name


def is_button(text: str):
    return lambda info: info["tag"] in {"button", "a"} and info["text"] == text


def test_it_signs_up_with_the_keyboard_alone(page_en, tilburg):
    page = page_en
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"  # the first stop
    tab_to(page, is_button("Sign up"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))

    tab_to(page, is_field("email"))
    page.keyboard.type("piet.pieters@tilburg.nl")
    tab_to(page, is_field("password1"))
    page.keyboard.type(PASSWORD)
    tab_to(page, is_field("password2"))
    page.keyboard.type(PASSWORD)
    tab_to(page, is_button("Sign Up"))
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    page.goto(link_in_email("piet.pieters@tilburg.nl", "/accounts/confirm-email/"))
    check_a11y(page)
    tab_to(page, is_button("Confirm"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/professionals/welkom/$"))
    expect(page.locator("main")).to_contain_text("Gemeente Tilburg")

    expect(page.locator("header")).to_contain_text("piet.pieters@tilburg.nl")
    focused(page)
    check_a11y(page)
    user = User.objects.get(email="piet.pieters@tilburg.nl")
    assert Employment.objects.get(user=user).organisation == tilburg
