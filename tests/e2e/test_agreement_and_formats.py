"""Issue 21 items 3 and 5 in a real browser: the coordinator keeps ZPP Brabant's public rate and
reminds an organisation; the public page shows the rate and the totals; a poster offers a short
format in dagdelen without JavaScript. Each page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from assignments.models import Assignment
from networks.agreement.models import LedgerReminder, PublicRate
from networks.models import Organisation
from tests.e2e.helpers import check_a11y
from tests.e2e.journeys import DEMO_PASSWORD, cast, log_in_with_password, log_in_with_totp


def test_the_coordinator_keeps_the_rate_and_reminds_an_organisation(page: Page, live_server):
    people = cast()
    breda = Organisation.objects.get(slug="gemeente-breda")
    breda.hr_contacts.add(people.outsider)  # any account: the HR contact gets the email
    log_in_with_totp(page, people.coordinator)

    page.goto("/netwerken/zpp-brabant/beheer/")
    page.locator("main nav a[href='/netwerken/zpp-brabant/beheer/tarief/']").click()
    check_a11y(page)
    page.locator("#id_level").fill("schaal 11")
    page.locator("#id_hourly_rate").fill("95.00")
    page.locator("#id_valid_from").fill("2026-01-01")
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator("#public-rates")).to_contain_text("schaal 11")
    assert PublicRate.objects.get().network == people.zpp

    page.goto("/netwerken/zpp-brabant/beheer/")
    check_a11y(page)
    page.locator("#give-and-take form[action$='/herinneren/gemeente-breda/'] button").click()
    expect(page).to_have_url(re.compile(r"/netwerken/zpp-brabant/beheer/\?periode=\d{4}"))
    expect(page.locator("#give-and-take")).to_contain_text("herinnerd op")
    assert LedgerReminder.objects.get().organisation == breda

    page.goto("/netwerken/zpp-brabant/")
    expect(page.locator("#public-rate")).to_contain_text("95")
    expect(page.locator("#ledger-totals")).to_contain_text("Gemeente Breda")
    check_a11y(page)


def test_a_speaking_request_is_posted_in_dagdelen_without_javascript(page_nojs: Page, live_server):
    people = cast()
    page = page_nojs
    log_in_with_password(page, people.poster.email, DEMO_PASSWORD)
    page.goto("/klussen/nieuw/")
    page.locator("#id_title").fill("Spreker op het congres Samen besturen")
    page.locator("#id_description").fill("Een ochtend over interbestuurlijke samenwerking.")
    page.locator("input[name=work_format][value=speaking]").check()
    page.locator("#id_dagdelen").fill("1")
    page.locator(f"input[name=engagement_forms][value='{people.secondment.pk}']").check()
    page.locator("#id_compensation").select_option("pro-bono")
    page.locator("input[name=audience][value=organisation]").check()
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text("Spreker op het congres")
    assignment = Assignment.objects.get(title__startswith="Spreker")
    assert (assignment.work_format, assignment.dagdelen, assignment.hours_per_week) == ("speaking", 1, None)
