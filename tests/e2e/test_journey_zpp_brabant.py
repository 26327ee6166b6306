"""The main journey of issue 8, by clicking and typing: from sign-up to a reference on the portfolio.

A civil servant of Gemeente Tilburg signs up, completes a profile with a CV and asks to join ZPP
Brabant; the coordinator (TOTP) admits them; a member from Eindhoven posts an assignment for ZPP
Brabant only, the coordinator approves it; the professional finds it (recommended, search, notice),
reacts, is shortlisted and selected; the leidinggevende agrees through the emailed link in a
fresh browser without an account; terms are confirmed, the placement completes, and the accepted
reference shows on the profile page. Then someone from Leiden (outside ZPP Brabant) cannot find
it. axe runs on every page in Dutch (and in English on the main ones), the console stays clean.

One test: the transactional database is emptied after every test, and each step needs the last.
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from assignments.models import Assignment
from marketplace.models import User
from networks.models import Membership
from placements.models import Placement
from profiles.models import PortfolioEntry
from tests.e2e.helpers import assert_reflows, check_a11y, link_in_email, save_screenshots
from tests.e2e.journeys import (
    MINIMAL_PDF,
    PASSWORD,
    TITLE,
    cast,
    check_a11y_both,
    log_in_with_password,
    log_in_with_totp,
    submit,
)

PROFESSIONAL = "sanne.professional@tilburg.nl"
MANAGER = "anouk.leidinggevende@tilburg.nl"


def sign_up_and_confirm(page: Page) -> None:
    page.goto("/")
    page.locator("header a[href^='/accounts/signup/']").click()
    page.locator("#id_email").fill(PROFESSIONAL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    page.goto(link_in_email(PROFESSIONAL, "/accounts/confirm-email/"))
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("header")).to_contain_text(PROFESSIONAL)


def complete_profile(page: Page, secondment_pk: int) -> None:
    page.goto("/professionals/mijn-profiel/")
    check_a11y_both(page)
    page.locator("#id_display_name").fill("Sanne de Vries")
    page.locator("#id_headline").fill("Beleidsadviseur omgevingsrecht")
    page.locator("#id_expertise_text").fill("omgevingswet, participatie")
    page.locator("#id_open_to_assignments").check()
    page.locator("#id_hours_per_week").fill("16")
    page.locator(f"input[name=engagement_forms][value='{secondment_pk}']").check()
    page.locator("#id_cv_file").set_input_files(
        files=[{"name": "cv-sanne.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.locator("main form[action='/professionals/mijn-profiel/'] button[type=submit]").click()
    expect(page.locator("main a[href$='/cv/']")).to_be_visible()  # "download my current CV"
    check_a11y(page)
    save_screenshots(page, "zpp-profile-edit-nl")


def ask_to_join(page: Page) -> None:
    page.goto("/netwerken/zpp-brabant/")
    check_a11y(page)
    page.locator("main a[href='/netwerken/zpp-brabant/aanmelden/']").click()
    check_a11y(page)
    page.locator("#id_motivation").fill("Ik ben beleidsadviseur omgevingsrecht en help graag andere gemeenten.")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/netwerken/zpp-brabant/$"))
    expect(page.locator("main [role=status], main .utrecht-alert").first).to_be_visible()
    check_a11y(page)


def admit(page: Page, people) -> None:
    log_in_with_totp(page, people.coordinator)
    page.goto("/netwerken/zpp-brabant/beheer/")
    check_a11y(page)
    page.locator("main a[href='/netwerken/zpp-brabant/beheer/aanvragen/']").first.click()
    expect(page.locator("main")).to_contain_text("help graag andere gemeenten")
    check_a11y_both(page)
    save_screenshots(page, "zpp-workspace-queue-nl")
    page.locator("main form[action$='/toelaten/'] button[type=submit]").click()
    expect(page.locator("main form[action$='/toelaten/']")).to_have_count(0)
    check_a11y(page)


def post_and_publish(page: Page, people) -> str:
    page.goto("/klussen/nieuw/")
    check_a11y_both(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Zet de invoering van de Omgevingswet in Hart van Brabant op de rails.")
    page.locator("#id_description").fill("Drie maanden kwartiermaken: werkafspraken, planning en een team.")
    page.locator("#id_expertise").fill("omgevingswet")
    page.locator("#id_hours_per_week").fill("16")
    page.locator("#id_remote_option").select_option("remote")
    page.locator("#id_compensation").select_option("public-rate")
    page.locator(f"input[name=engagement_forms][value='{people.secondment.pk}']").check()
    page.locator("input[name=audience][value=networks]").check()
    page.locator(f"input[name=networks][value='{people.zpp.pk}']").check()
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/klussen/[0-9a-f-]{36}/$"))
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    check_a11y(page)  # the draft, as its poster sees it
    submit(page, "/publiceren/")
    expect(page.locator("main")).to_contain_text(TITLE)
    check_a11y(page)
    assert Assignment.objects.get(code=code).status == Assignment.Status.AWAITING_MODERATION
    return code


def approve(page: Page, code: str) -> None:
    page.goto("/klussen/moderatie/")
    expect(page.locator("main")).to_contain_text(TITLE)
    check_a11y_both(page)
    submit(page, f"/klussen/{code}/goedkeuren/")
    expect(page).to_have_url(re.compile(r"/klussen/moderatie/$"))
    check_a11y(page)
    assert Assignment.objects.get(code=code).status == Assignment.Status.OPEN


def find_and_react(page: Page, code: str) -> str:
    page.goto("/mijn/aanbevolen/")
    expect(page.locator(f"main .card[data-id='{code}'] a[href='/klussen/{code}/']")).to_have_text(TITLE)
    check_a11y_both(page)
    save_screenshots(page, "zpp-recommended-nl")

    page.goto("/meldingen/")
    expect(page.locator("main")).to_contain_text(TITLE)
    check_a11y(page)

    page.goto("/klussen/")
    page.locator("#id_q").fill(TITLE)
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/klussen/\?(.*&)?q=Kwartiermaker"))
    results = page.locator("main #results")
    expect(results.locator(f"a[href='/klussen/{code}/']")).to_be_visible()
    check_a11y(page)  # the results as htmx swapped them in
    # The language switch follows the URL htmx pushed (static/js/language-switch.js).
    expect(page.locator("form.language-switch input[name=next]")).to_have_value(re.compile(r"q=Kwartiermaker"))
    check_a11y_both(page)
    save_screenshots(page, "zpp-search-nl")

    results.locator(f"a[href='/klussen/{code}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/klussen/{code}/$"))
    check_a11y_both(page)
    save_screenshots(page, "zpp-assignment-detail-nl")
    page.locator(f"main a[href='/klussen/{code}/reageren/']").click()
    check_a11y_both(page)
    page.locator("#id_motivation").fill("Ik heb de Omgevingswet in Tilburg ingevoerd en doe dit graag opnieuw.")
    page.locator("#id_availability").fill("Vanaf volgende maand, twee dagen per week.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/klussen/{code}/reacties/[0-9a-f-]{{36}}/$"))
    check_a11y(page)
    return page.url.split("/reacties/")[1].rstrip("/")


def shortlist_and_select(page: Page, code: str, interest: str) -> str:
    page.goto(f"/klussen/{code}/reacties/")
    check_a11y(page)
    page.locator(f"main a[href='/klussen/{code}/reacties/{interest}/']").first.click()
    check_a11y_both(page)
    submit(page, "/shortlist/")
    expect(page.locator("main form[action$='/shortlist/']")).to_have_count(0)
    check_a11y(page)
    page.locator("main form[action$='/selecteren/'] input[name=confirm]").check()
    submit(page, "/selecteren/")
    expect(page).to_have_url(re.compile(r"/klussen/plaatsingen/[0-9a-f-]{36}/$"))
    check_a11y(page)
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def prepare_as_professional(page: Page, placement: str) -> None:
    page.goto(f"/klussen/plaatsingen/{placement}/")
    check_a11y_both(page)
    assert_reflows(page)  # the forms of the leidinggevende and the side activity at 320 px
    save_screenshots(page, "zpp-placement-preparing-nl")
    page.locator("#id_manager_email").fill(MANAGER)
    submit(page, "/leidinggevende/")
    expect(page.locator("main")).to_contain_text(MANAGER)
    page.locator("input[name=side_activity][value=reported]").check()
    submit(page, "/nevenwerkzaamheden/")
    expect(page.locator("input[name=side_activity][value=reported]")).to_be_checked()
    # "Weet dat het kan": the employer's rules read; "klik": the professional's own answer.
    page.locator("input[name=rules_read]").check()
    submit(page, "/regels-gelezen/")
    expect(page.locator("main form[action$='/regels-gelezen/']")).to_have_count(0)
    page.locator("input[name=klik][value=yes]").check()
    submit(page, "/klik/")
    expect(page.locator("input[name=klik][value=yes]")).to_be_checked()
    check_a11y(page)


def consent_without_account(new_page) -> None:
    manager = new_page(locale="nl-NL")  # a fresh browser context: no account, no cookies
    manager.goto(link_in_email(MANAGER, "/klussen/toestemming/"))
    expect(manager).to_have_url(re.compile(r"/klussen/toestemming/$"))
    expect(manager.locator("main")).to_contain_text(re.compile(r"Sanne de Vries|sanne\.professional@tilburg\.nl"))
    check_a11y_both(manager)
    save_screenshots(manager, "zpp-consent-nl")
    manager.locator("input[name=decision][value=consent]").check()
    manager.locator("#id_comment").fill("Veel succes, Sanne!")
    manager.locator("main form[method=post] button[type=submit]").click()
    expect(manager.locator("main h1")).to_be_visible()
    check_a11y(manager)


def set_and_confirm_terms(page: Page, placement: str, secondment_pk: int, start: str) -> None:
    page.goto(f"/klussen/plaatsingen/{placement}/")
    page.locator("main details summary").first.click()
    page.locator("#id_engagement_form").select_option(str(secondment_pk))
    page.locator("#id_hours_per_week").fill("16")
    page.locator("#id_start_date").fill(start)
    page.locator("#id_rate").fill("95.00")
    check_a11y(page)  # the open terms form
    submit(page, "/voorwaarden/")
    submit(page, "/voorwaarden/bevestigen/")
    expect(page.locator("main form[action$='/voorwaarden/bevestigen/']")).to_have_count(0)
    check_a11y(page)


def test_it_runs_the_zpp_brabant_journey_from_sign_up_to_portfolio(page, new_page, live_server):
    people = cast()

    # 1. The civil servant signs up, completes the profile with a CV and asks to join ZPP Brabant.
    sign_up_and_confirm(page)
    complete_profile(page, people.secondment.pk)
    ask_to_join(page)
    professional = User.objects.get(email=PROFESSIONAL)
    assert professional.profile.cv
    assert Membership.objects.get(user=professional, network=people.zpp).status == Membership.Status.PENDING

    # 2. The coordinator logs in with TOTP and admits them (another browser).
    coordinator = new_page(locale="nl-NL")
    admit(coordinator, people)
    assert Membership.objects.get(user=professional, network=people.zpp).status == Membership.Status.ACTIVE

    # 3. The opdrachtgever posts for ZPP Brabant only and publishes; the coordinator approves it.
    poster = new_page(locale="nl-NL")
    log_in_with_password(poster, people.poster.email, "klusmarkt-demo-2026")
    code = post_and_publish(poster, people)
    approve(coordinator, code)

    # 4. The professional finds it (recommended, notice, search) and reacts.
    interest = find_and_react(page, code)

    # 5. The opdrachtgever shortlists and selects.
    placement = shortlist_and_select(poster, code, interest)

    # 6. The professional names the leidinggevende and records the side activity; the
    # leidinggevende agrees without an account; both confirm the terms.
    prepare_as_professional(page, placement)
    consent_without_account(new_page)
    # Today: a placement can be completed only once it has started.
    start = datetime.date.today()
    set_and_confirm_terms(page, placement, people.secondment.pk, start.isoformat())
    poster.goto(f"/klussen/plaatsingen/{placement}/")
    # The opdrachtgever's own judgement of the fit and answer on the klik, then the terms.
    poster.locator("input[name=fits][value=yes]").check()
    submit(poster, "/past/")
    poster.locator("input[name=klik][value=yes]").check()
    submit(poster, "/klik/")
    check_a11y(poster)
    submit(poster, "/voorwaarden/bevestigen/")
    expect(poster.locator("main form[action$='/afronden/']")).to_be_visible()
    assert Placement.objects.get(code=placement).status == Placement.Status.RUNNING

    # 7. The opdrachtgever completes it and gives a reference; the professional accepts it.
    poster.locator("main form[action$='/afronden/'] input[name=confirm]").check()
    submit(poster, "/afronden/")
    expect(poster.locator("#id_text")).to_be_visible()
    check_a11y(poster)
    poster.locator("#id_text").fill("Sanne zette het team in drie maanden stevig neer. Aanrader.")
    poster.locator("input[name=rating][value='5']").check()
    # A network-only assignment's title reaches the public portfolio only when the poster agrees.
    poster.locator("input[name=share_title]").check()
    submit(poster, "/referentie/")
    expect(poster.locator("main")).to_contain_text("Aanrader")

    page.goto(f"/klussen/plaatsingen/{placement}/")
    submit(page, "/accepteren/")
    expect(page.locator("main .status--green")).to_be_visible()
    check_a11y(page)
    assert_reflows(page)  # terms, references and the history table at 320 px
    save_screenshots(page, "zpp-placement-completed-nl")
    assert PortfolioEntry.objects.get(profile__user=professional).is_accepted

    page.goto("/professionals/mijn-profiel/")
    page.locator(f"main a[href='/professionals/{professional.profile.code}/']").first.click()
    expect(page.locator("main")).to_contain_text("Aanrader")
    expect(page.locator("main")).to_contain_text(TITLE)
    check_a11y_both(page)
    save_screenshots(page, "zpp-profile-portfolio-nl")

    # 8. Someone outside ZPP Brabant neither finds it by its exact title nor opens its URL.
    outsider = new_page(locale="nl-NL")
    log_in_with_password(outsider, people.outsider.email, "klusmarkt-demo-2026")
    outsider.goto("/klussen/")
    outsider.locator("#id_q").fill(TITLE)
    outsider.locator("main form[role=search] button[type=submit]").click()
    expect(outsider).to_have_url(re.compile(r"/klussen/\?(.*&)?q=Kwartiermaker"))
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    expect(outsider.locator(f"main a[href='/klussen/{code}/']")).to_have_count(0)
    check_a11y(outsider)
    response = outsider.goto(f"/klussen/{code}/")
    assert response.status == 404
    outsider.browser_log.clear()  # the 404 of the document itself is logged as a failed resource
    check_a11y(outsider)
