"""Logging in through the browser: with a second factor (TOTP), without JavaScript, after a password reset."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import activate_totp, check_a11y, link_in_email, save_screenshots, totp_code, totp_codes

PASSWORD = "correct-horse-battery"  # the UserFactory default


@pytest.fixture
def coordinator():
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    user = factories.employee(organisation, user__email="coordinator@tilburg.nl")
    activate_totp(user)
    return user


def log_in_with_password(page, email: str, password: str) -> None:
    page.goto("/")
    page.locator("header").get_by_role("link", name=re.compile("^(Inloggen|Log in)$")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").first.click()


@pytest.mark.parametrize(("locale", "language"), [("nl-NL", "nl"), ("en-US", "en")])
def test_it_logs_in_with_a_totp_code(new_page, coordinator, locale, language):
    page = new_page(locale=locale)
    log_in_with_password(page, "coordinator@tilburg.nl", "not-the-password")
    expect(page.locator("main [role=alert]")).to_be_visible()
    check_a11y(page)  # the error state

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.locator("header")).not_to_contain_text("coordinator@tilburg.nl")
    check_a11y(page)
    save_screenshots(page, f"journey-totp-{language}")

    wrong = next(code for code in ("000000", "111111", "222222") if code not in totp_codes(coordinator))
    page.locator("#id_code").fill(wrong)
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    check_a11y(page)  # the error state, too

    page.locator("#id_code").fill(totp_code(coordinator))
    page.locator("main button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header")).to_contain_text("coordinator@tilburg.nl")


def test_it_logs_in_without_javascript(page_nojs):
    factories.UserFactory(email="visitor@example.com")
    page = page_nojs
    log_in_with_password(page, "visitor@example.com", "not-the-password")
    expect(page.locator("main [role=alert]")).to_be_visible()

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header")).to_contain_text("visitor@example.com")
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_it_resets_a_forgotten_password(new_page, locale):
    factories.UserFactory(email="forgetful@example.com")
    page = new_page(locale=locale)
    page.goto("/accounts/login/")
    page.locator("main a[href='/accounts/password/reset/']").click()
    page.locator("#id_email").fill("forgetful@example.com")
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    check_a11y(page)

    page.goto(link_in_email("forgetful@example.com", "/accounts/password/reset/key/"))
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/.+-set-password/$"))
    check_a11y(page)
    page.locator("#id_password1").fill("a-new-long-password-2026")
    page.locator("#id_password2").fill("a-new-long-password-2026")
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/done/$"))
    check_a11y(page)

    log_in_with_password(page, "forgetful@example.com", "a-new-long-password-2026")
    expect(page.locator("header")).to_contain_text("forgetful@example.com")
