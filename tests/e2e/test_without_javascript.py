"""With JavaScript disabled in the browser, the GET forms and links still do their job."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assignments.services import assignment_search_refresh
from tests import factories


@pytest.fixture
def assignments():
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    made = [
        factories.AssignmentFactory(
            organisation=organisation,
            title=f"Beleidsadviseur wonen {n:02d}",
            description="Woningbouw versnellen met corporaties.",  # not the factory's omgevingswet text
        )
        for n in range(21)
    ] + [factories.AssignmentFactory(organisation=organisation, title="Projectleider Omgevingswet")]
    # Factories skip the services: keep the stored search vector (PostgreSQL) up to date.
    assignment_search_refresh(assignment_ids=[a.pk for a in made])
    return made


def test_it_pages_through_assignments_without_javascript(page_nojs, assignments):
    page = page_nojs
    page.goto("/")
    page.locator("header").get_by_role("link", name="Klussen").click()
    expect(page.locator("main .card")).to_have_count(20)

    page.locator("main nav.pagination").get_by_role("link", name="Volgende").click()

    expect(page).to_have_url(re.compile(r"/klussen/\?page=2$"))
    expect(page.locator("main .card")).to_have_count(2)


def test_it_searches_assignments_without_javascript(page_nojs, assignments):
    page = page_nojs
    page.goto("/klussen/")
    search = page.locator("main form[method=get]").filter(has=page.locator("input[name=q]"))

    search.locator("input[name=q]").fill("Omgevingswet")
    search.locator("button[type=submit], input[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/klussen/\?(.*&)?q=Omgevingswet"))
    expect(page.locator("main")).to_contain_text("Projectleider Omgevingswet")
    expect(page.locator("main")).not_to_contain_text("Beleidsadviseur wonen 01")
