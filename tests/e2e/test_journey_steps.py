"""The search, react and moderation steps without JavaScript, and the react step with the keyboard alone.

The cast is made with factories (fast): ZPP Brabant (moderates, members post), a TOTP coordinator,
an open and an awaiting assignment for ZPP Brabant only, a member who may react and a pending
request. axe cannot run without JavaScript: the same pages are checked in the JavaScript journeys.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from assignments.models import Assignment
from assignments.services import assignment_search_refresh
from networks.models import Membership, Network
from placements.models import Interest
from tests import factories
from tests.e2e.helpers import activate_totp, check_a11y, focused, log_in, tab_to
from tests.e2e.journeys import log_in_with_password, log_in_with_totp

FACTORY_PASSWORD = "correct-horse-battery"  # the UserFactory default


@pytest.fixture
def zpp():
    tilburg = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    eindhoven = factories.OrganisationFactory(
        name="Gemeente Eindhoven", slug="gemeente-eindhoven", domain="eindhoven.nl"
    )
    network = factories.NetworkFactory(
        name="ZPP Brabant",
        slug="zpp-brabant",
        join_policy=Network.JoinPolicy.APPROVAL,
        moderates_assignments=True,
        posting_policy=Network.PostingPolicy.MEMBERS,
    )
    for organisation in (tilburg, eindhoven):
        factories.ParticipationFactory(network=network, organisation=organisation)
    coordinator = factories.employee(eindhoven, user__email="coordinator@eindhoven.nl")
    factories.MembershipFactory(user=coordinator, network=network, role=Membership.Role.COORDINATOR)
    activate_totp(coordinator)
    poster = factories.employee(eindhoven, user__email="poster@eindhoven.nl")
    factories.MembershipFactory(user=poster, network=network)
    professional = factories.employee(tilburg, user__email="professional@tilburg.nl", user__full_name="Sanne de Vries")
    factories.MembershipFactory(user=professional, network=network)
    factories.ProfileFactory(user=professional, display_name="Sanne de Vries")
    pending = factories.employee(tilburg, user__email="aanvrager@tilburg.nl", user__full_name="Mohamed Ouali")
    request = factories.MembershipFactory(
        user=pending, network=network, status=Membership.Status.PENDING, motivation="Jurist omgevingsrecht."
    )
    open_assignment, awaiting = (
        factories.AssignmentFactory(
            organisation=eindhoven,
            posted_by=poster,
            title=title,
            audience=Assignment.Audience.NETWORKS,
            status=status,
            networks=[network],
        )
        for title, status in (
            ("Kwartiermaker Omgevingswet Hart van Brabant", Assignment.Status.OPEN),
            ("Adviseur warmtetransitie Meierijstad", Assignment.Status.AWAITING_MODERATION),
        )
    )
    assignment_search_refresh(assignment_ids=[open_assignment.pk, awaiting.pk])
    return SimpleNamespace(
        network=network,
        coordinator=coordinator,
        professional=professional,
        request=request,
        assignment=open_assignment,
        awaiting=awaiting,
    )


def react(page: Page, zpp) -> None:
    page.locator(f"main a[href='/klussen/{zpp.assignment.code}/reageren/']").click()
    page.locator("#id_motivation").fill("Ik heb de Omgevingswet in Tilburg ingevoerd.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/klussen/{zpp.assignment.code}/reacties/[0-9a-f-]{{36}}/$"))


def test_it_searches_and_reacts_without_javascript(page_nojs, zpp):
    page = page_nojs
    log_in_with_password(page, zpp.professional.email, FACTORY_PASSWORD)
    expect(page.locator("header")).to_contain_text(zpp.professional.email)

    page.goto("/klussen/")
    page.locator("#id_q").fill("Kwartiermaker Omgevingswet")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/klussen/\?(.*&)?q=Kwartiermaker"))
    result = page.locator(f"main a[href='/klussen/{zpp.assignment.code}/']")
    expect(result).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Adviseur warmtetransitie")  # awaiting moderation

    result.click()
    react(page, zpp)
    assert Interest.objects.get().professional == zpp.professional


def test_it_moderates_without_javascript(page_nojs, zpp):
    page = page_nojs
    log_in_with_totp(page, zpp.coordinator, password=FACTORY_PASSWORD)

    page.goto("/netwerken/zpp-brabant/beheer/aanvragen/")
    expect(page.locator("main")).to_contain_text("Jurist omgevingsrecht.")
    page.locator(f"main form[action$='/leden/{zpp.request.code}/toelaten/'] button[type=submit]").click()
    expect(page.locator("main form[action$='/toelaten/']")).to_have_count(0)
    zpp.request.refresh_from_db()
    assert zpp.request.status == Membership.Status.ACTIVE

    page.goto("/klussen/moderatie/")
    page.locator(f"main form[action='/klussen/{zpp.awaiting.code}/goedkeuren/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/klussen/moderatie/$"))
    expect(page.locator("main")).not_to_contain_text("Adviseur warmtetransitie")
    zpp.awaiting.refresh_from_db()
    assert zpp.awaiting.status == Assignment.Status.OPEN


def test_it_reacts_with_the_keyboard_alone(page, live_server, zpp):
    log_in(page, zpp.professional, live_server.url)
    code = zpp.assignment.code
    page.goto(f"/klussen/{code}/")
    tab_to(page, lambda info: info["href"] == f"/klussen/{code}/reageren/")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/klussen/{code}/reageren/$"))

    tab_to(page, lambda info: info["name"] == "motivation")
    page.keyboard.type("Ik heb de Omgevingswet in Tilburg ingevoerd.")
    tab_to(page, lambda info: info["name"] == "availability")
    page.keyboard.type("Vanaf maart, twee dagen per week.")
    tab_to(page, lambda info: info["tag"] == "button" and info["form_action"] in ("", f"/klussen/{code}/reageren/"))
    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(rf"/klussen/{code}/reacties/[0-9a-f-]{{36}}/$"))
    focused(page)
    check_a11y(page)
    interest = Interest.objects.get()
    assert interest.availability == "Vanaf maart, twee dagen per week."
