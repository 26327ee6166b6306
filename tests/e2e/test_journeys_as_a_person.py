"""Each role's main path as a person takes it: from the start page, by clicking, with realistic Dutch input.

No typed URLs beyond the start page (and the link in an email): a page reachable only by its URL
fails here. Every edited page is reloaded to prove what was saved, boundary values included
(60 hours a week, the most a profile takes; names with particles, diacritics and apostrophes).
Screenshots at 1280 and 320 px go to test-artifacts/screenshots/journey-person-*.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from assignments.models import Assignment
from networks.models import Membership, Network
from placements.models import Interest
from placements.services.interests import interest_create
from profiles.models import Profile
from tests import factories
from tests.e2e.helpers import activate_totp, save_screenshots, totp_code

PASSWORD = "correct-horse-battery"  # the UserFactory default
TITLE = "Adviseur warmtetransitie wijk Reeshof"


@pytest.fixture
def people():
    tilburg = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    breda = factories.OrganisationFactory(name="Gemeente Breda", slug="gemeente-breda", domain="breda.nl")
    zpp = factories.NetworkFactory(
        name="ZPP Brabant", slug="zpp-brabant", join_policy=Network.JoinPolicy.OPEN, moderates_assignments=False
    )
    for organisation in (tilburg, breda):
        factories.ParticipationFactory(network=zpp, organisation=organisation)
    coordinator = factories.employee(breda, user__email="coordinator@breda.nl", user__full_name="Bram Willems")
    factories.MembershipFactory(user=coordinator, network=zpp, role=Membership.Role.COORDINATOR)
    activate_totp(coordinator)
    poster = factories.employee(breda, user__email="opdrachtgever@breda.nl", user__full_name="Pieter Jansen")
    factories.MembershipFactory(user=poster, network=zpp)
    activate_totp(poster)
    professional = factories.employee(tilburg, user__email="sanne@tilburg.nl", user__full_name="Sanne de Vries")
    factories.ProfileFactory(user=professional, display_name="Sanne de Vries")
    assignment = factories.AssignmentFactory(
        organisation=breda, posted_by=poster, title=TITLE, audience=Assignment.Audience.PUBLIC
    )
    return SimpleNamespace(zpp=zpp, coordinator=coordinator, poster=poster, professional=professional, job=assignment)


def screenshots(page: Page, name: str) -> None:
    save_screenshots(page, f"journey-person-{name}")


def test_a_visitor_browses_public_content_and_reads_the_joining_rule(page: Page, people):
    page.goto("/")
    page.locator("header").get_by_role("link", name="Klussen").click()
    page.locator("main #results").get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    screenshots(page, "visitor-assignment")
    page.locator("header").get_by_role("link", name="Netwerken").click()
    page.locator("main").get_by_role("link", name="ZPP Brabant").first.click()
    expect(page.locator("main")).to_contain_text("Netwerken zijn voor ambtenaren")
    screenshots(page, "visitor-network")


def test_a_professional_edits_the_profile_joins_a_network_and_reacts(page: Page, people):
    page.goto("/")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    page.locator("#id_login").fill(people.professional.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.locator("header").get_by_role("link", name="Mijn Klusmarkt").click()
    page.locator("main").get_by_role("link", name="Mijn profiel bewerken").click()

    page.locator("#id_display_name").fill("Sanne de Vries-van 't Hoff")
    page.locator("#id_headline").fill("Beleidsadviseur energie & ruimte (één team, café-overleg)")
    page.locator("#id_open_to_assignments").check()
    page.locator("#id_hours_per_week").fill("60")
    page.locator("main form[action='/professionals/mijn-profiel/'] button[type=submit]").click()
    expect(page.locator("main .utrecht-alert, main [role=status]").first).to_be_visible()
    page.reload()
    expect(page.locator("#id_display_name")).to_have_value("Sanne de Vries-van 't Hoff")
    expect(page.locator("#id_headline")).to_have_value("Beleidsadviseur energie & ruimte (één team, café-overleg)")
    expect(page.locator("#id_hours_per_week")).to_have_value("60")
    expect(page.locator("#id_open_to_assignments")).to_be_checked()
    screenshots(page, "professional-profile")
    assert Profile.objects.get(user=people.professional).hours_per_week == 60

    page.locator("header").get_by_role("link", name="Netwerken").click()
    page.locator("main").get_by_role("link", name="ZPP Brabant").first.click()
    page.locator("main").get_by_role("link", name="Word lid van dit netwerk").click()
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("ZPP Brabant")
    expect(page.locator("main .utrecht-alert, main [role=status]").first).to_be_visible()
    page.reload()
    expect(page.locator("main")).to_contain_text("Je lidmaatschap")
    assert Membership.objects.get(user=people.professional, network=people.zpp).status == Membership.Status.ACTIVE

    page.locator("header").get_by_role("link", name="Klussen").click()
    page.locator("main #results").get_by_role("link", name=TITLE).click()
    page.locator(f"main a[href='/klussen/{people.job.code}/reageren/']").click()
    motivation = "Ik heb in Tilburg de wijkaanpak aardgasvrij getrokken; ‘Reeshof’ ken ik goed."
    page.locator("#id_motivation").fill(motivation)
    page.locator("#id_availability").fill("Vanaf 1 maart, dinsdag en donderdag.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/klussen/{people.job.code}/reacties/[0-9a-f-]{{36}}/$"))
    page.reload()
    expect(page.locator("main")).to_contain_text(motivation)
    screenshots(page, "professional-reaction")


def test_an_opdrachtgever_finds_the_reactions_from_mijn_klusmarkt(page: Page, people):
    interest_create(
        assignment=people.job,
        professional=people.professional,
        motivation="Graag, dit past bij mij.",
        availability="Per direct",
    )
    page.goto("/")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    log_in_with_totp_here(page, people.poster)
    page.locator("header").get_by_role("link", name="Mijn Klusmarkt").click()
    page.locator("main").get_by_role("link", name="Mijn klussen").click()
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    page.locator(f"main a[href='/klussen/{people.job.code}/reacties/']").first.click()
    expect(page.locator("main")).to_contain_text("Sanne de Vries")
    screenshots(page, "opdrachtgever-reactions")
    assert Interest.objects.filter(assignment=people.job).count() == 1


def test_a_coordinator_filters_the_members_and_exports_them(page: Page, people):
    factories.MembershipFactory(user=people.professional, network=people.zpp)
    page.goto("/")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    log_in_with_totp_here(page, people.coordinator)
    page.locator("header").get_by_role("link", name="Mijn Klusmarkt").click()
    page.locator("main").get_by_role("link", name="ZPP Brabant").last.click()
    expect(page.locator("main h1")).to_contain_text("ZPP Brabant")
    page.locator("main a[href='/netwerken/zpp-brabant/beheer/leden/']").first.click()
    expect(page.locator("main")).to_contain_text("Sanne de Vries")
    screenshots(page, "coordinator-members")
    with page.expect_download() as download:
        page.locator("main a[href*='export.csv']").first.click()
    assert re.fullmatch(r"zpp-brabant-leden-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)


def log_in_with_totp_here(page: Page, user) -> None:
    """The login form is open already (reached by clicking): password, then the authenticator's code."""
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("#id_code").fill(totp_code(user))
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("header")).to_contain_text(user.email)


def test_an_hr_contact_describes_what_is_possible_and_a_colleague_reads_it(page: Page, people):
    """Issue 21 item 2: the HR contact keeps the organisation's page; a civil servant finds it from Mijn Klusmarkt."""
    tilburg = people.professional.employment.organisation
    hr = factories.employee(tilburg, user__email="joyce@tilburg.nl", user__full_name="Joyce van den Broek")
    tilburg.hr_contacts.add(hr)
    activate_totp(hr)
    page.goto("/")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    log_in_with_totp_here(page, hr)
    page.locator("header").get_by_role("link", name="Mijn Klusmarkt").click()
    page.locator("main").get_by_role("link", name="Wat kan er bij mijn werkgever").click()
    page.locator("main").get_by_role("link", name="Deze pagina bewerken").click()
    secondment = "Detachering binnen de regio kan tot 40% van je uren, na overleg met je leidinggevende."
    side = "Nevenwerkzaamheden meld je vooraf via ‘Mijn HR’; onbetaald werk voor een andere overheid mag."
    page.locator("#id_secondment").fill(secondment)
    page.locator("#id_side_activities").fill(side)
    page.locator("#id_regulation_url").fill("https://lokaleregelgeving.overheid.nl/CVDR000000")
    page.locator("main form[method=post] button[type=submit]").click()
    # The redirect must have landed before the reload, or the reload races the navigation.
    expect(page.locator("main")).to_contain_text("De pagina is opgeslagen.")
    page.reload()
    expect(page.locator("main")).to_contain_text(secondment)
    screenshots(page, "hr-contact-rules")
    summary = "Wat plaatsingen thuis opleverden: het geanonimiseerde overzicht"
    page.locator("main").get_by_role("link", name=summary).click()
    expect(page.locator("main h1")).to_contain_text("Gemeente Tilburg")
    screenshots(page, "hr-contact-homecoming")

    page.context.clear_cookies()
    page.goto("/")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    page.locator("#id_login").fill(people.professional.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.locator("header").get_by_role("link", name="Mijn Klusmarkt").click()
    page.locator("main").get_by_role("link", name="Wat kan er bij mijn werkgever").click()
    expect(page.locator("main")).to_contain_text(side)
    expect(page.locator("main")).not_to_contain_text("Deze pagina bewerken")
    screenshots(page, "professional-employer-rules")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_visitor_filters_the_directory_and_the_results_come_into_view(new_page, people, width):
    """At the end of the long filter form the results were out of sight, and a wrong number was silent."""
    page = new_page(width=width)
    page.goto("/")
    page.locator("header").get_by_role("link", name="Professionals").click()
    filters = page.locator("form.filters")
    if not filters.is_visible():  # narrow screens fold the filters away
        page.locator("summary").get_by_text("Filteren", exact=True).click()
    page.get_by_label("Minimaal uren per week").fill("-5")
    button = page.get_by_role("button", name="Professionals tonen")
    button.scroll_into_view_if_needed()
    button.click()
    results = page.locator("#results")
    alert = results.get_by_role("alert")
    expect(alert).to_contain_text("Minimaal uren per week")
    expect(alert).to_contain_text("minstens 0")
    expect(page).to_have_url(re.compile(r"hours=-5"))
    top = results.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], top
    expect(results.get_by_role("link", name="Sanne de Vries")).to_be_visible()
    # The link in the message leads to the field, which still holds what was typed.
    alert.get_by_role("link", name="Minimaal uren per week").click()
    expect(page.get_by_label("Minimaal uren per week")).to_have_value("-5")
    screenshots(page, f"directory-wrong-filter-{width}")
