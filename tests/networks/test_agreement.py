"""ZPP Brabant's agreement: the public rate table, the give-and-take ledger per period, the reminders."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assignments.models import Assignment
from marketplace.models import Notification
from networks.agreement.ledger import Period, give_and_take, ledger_remind, period_from, periods
from networks.agreement.models import LedgerReminder, PublicRate
from networks.agreement.rates import public_rate_add, public_rate_error
from networks.selectors import network_history
from placements.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_YEAR = datetime.date(TODAY.year, 1, 1)


# --- the public rate ----------------------------------------------------------------------------


def test_it_lets_the_coordinator_add_and_remove_rates(client, coordinator, network):
    client.force_login(coordinator)
    page = client.get("/netwerken/zpp-brabant/beheer/tarief/")
    assert page.status_code == 200
    assert b"/netwerken/zpp-brabant/beheer/tarief/" in client.get("/netwerken/zpp-brabant/beheer/").content
    response = client.post(
        "/netwerken/zpp-brabant/beheer/tarief/",
        {"level": "schaal 11", "hourly_rate": "95.00", "valid_from": THIS_YEAR.isoformat(), "valid_until": ""},
    )
    assert response.status_code == 302
    rate = PublicRate.objects.get()
    assert (rate.network, rate.level, rate.hourly_rate, rate.created_by) == (
        network,
        "schaal 11",
        Decimal("95.00"),
        coordinator,
    )
    assert network_history(network).filter(action="networks.rate.added").exists()
    response = client.post(f"/netwerken/zpp-brabant/beheer/tarief/{rate.code}/verwijderen/")
    assert response.status_code == 302
    assert not PublicRate.objects.exists()
    assert network_history(network).filter(action="networks.rate.removed").exists()


def test_it_refuses_an_overlapping_rate_for_the_same_level_next_to_the_field(client, coordinator, network):
    public_rate_add(
        network=network,
        actor=coordinator,
        level="schaal 11",
        hourly_rate=Decimal("95"),
        valid_from=THIS_YEAR,
        valid_until=None,
    )
    client.force_login(coordinator)
    response = client.post(
        "/netwerken/zpp-brabant/beheer/tarief/",
        {"level": "Schaal 11", "hourly_rate": "99", "valid_from": (THIS_YEAR.replace(month=6)).isoformat()},
    )
    assert response.status_code == 400
    assert (
        "already has a rate" in response.context["form"].errors["valid_from"][0]
        or "al een tarief" in (response.context["form"].errors["valid_from"][0])
    )
    assert PublicRate.objects.count() == 1


def test_only_coordinators_keep_the_rate(client, member, network):
    client.force_login(member)
    assert client.get("/netwerken/zpp-brabant/beheer/tarief/").status_code == 403
    rate = PublicRate.objects.create(network=network, hourly_rate=Decimal("90"), valid_from=THIS_YEAR)
    assert client.post(f"/netwerken/zpp-brabant/beheer/tarief/{rate.code}/verwijderen/").status_code == 403
    assert PublicRate.objects.exists()


def test_another_networks_rate_is_not_found(client, coordinator, network):
    other = PublicRate.objects.create(
        network=factories.NetworkFactory(), hourly_rate=Decimal("90"), valid_from=THIS_YEAR
    )
    client.force_login(coordinator)
    assert client.post(f"/netwerken/zpp-brabant/beheer/tarief/{other.code}/verwijderen/").status_code == 404
    assert PublicRate.objects.filter(pk=other.pk).exists()


def test_a_rate_must_be_one_valid_on_the_date(network):
    PublicRate.objects.create(network=network, level="schaal 10", hourly_rate=Decimal("85"), valid_from=THIS_YEAR)
    PublicRate.objects.create(network=network, level="schaal 11", hourly_rate=Decimal("95"), valid_from=THIS_YEAR)
    PublicRate.objects.create(
        network=network,
        level="schaal 11",
        hourly_rate=Decimal("90"),
        valid_from=THIS_YEAR.replace(year=TODAY.year - 1),
        valid_until=THIS_YEAR - datetime.timedelta(days=1),
    )
    assert public_rate_error([network.pk], Decimal("95"), TODAY) is None
    assert public_rate_error([network.pk], Decimal("85.00"), TODAY) is None
    error = public_rate_error([network.pk], Decimal("90"), TODAY)
    assert error is not None and "ZPP Brabant" in error and "schaal 11" in error
    assert public_rate_error([network.pk], Decimal("90"), THIS_YEAR - datetime.timedelta(days=3)) is None
    assert public_rate_error([network.pk], None, TODAY) is not None
    assert public_rate_error([factories.NetworkFactory().pk], Decimal("1"), TODAY) is None  # no rate: anything


def test_the_public_page_shows_the_rate_and_the_totals_without_names(client, network, organisation, member):
    PublicRate.objects.create(network=network, level="schaal 11", hourly_rate=Decimal("95.00"), valid_from=THIS_YEAR)
    owner = factories.employee(organisation, user__full_name="Opdrachtgever Geheim")
    factories.AssignmentFactory(
        organisation=organisation,
        posted_by=owner,
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        published_at=timezone.now(),
    )
    response = client.get("/netwerken/zpp-brabant/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="public-rate"' in html and "95" in html
    assert 'id="ledger-totals"' in html
    assert "Gemeente Tilburg" in html
    assert "Opdrachtgever Geheim" not in html
    rows = {row.organisation.slug: row.extra for row in response.context["ledger"].rows}
    assert rows["gemeente-tilburg"][1] == 1  # one assignment posted


# --- the ledger ---------------------------------------------------------------------------------


def test_periods_are_this_year_the_last_four_quarters_and_last_year():
    keys = [p.key for p in periods(datetime.date(2026, 2, 10))]
    assert keys == ["2026", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025"]
    q4 = Period.quarter(2025, 4)
    assert (q4.start, q4.end) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert period_from("nonsense", datetime.date(2026, 2, 10)).key == "2026"


@pytest.fixture
def ledger_world(network, organisation, other_organisation, member):
    """Tilburg posts one assignment now and one two years ago; Breda lends Ruud to Tilburg (running)."""
    factories.ParticipationFactory(network=network, organisation=other_organisation)
    factories.ProfileFactory(user=member, open_to_assignments=True)
    hidden = factories.employee(other_organisation)
    factories.MembershipFactory(user=hidden, network=network)
    factories.ProfileFactory(user=hidden, open_to_assignments=True, is_hidden=True)
    closed = factories.employee(organisation)
    factories.MembershipFactory(user=closed, network=network)
    factories.ProfileFactory(user=closed, open_to_assignments=False)
    poster = factories.employee(organisation)
    now = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=poster,
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        published_at=timezone.now(),
    )
    factories.AssignmentFactory(
        organisation=organisation,
        posted_by=poster,
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        published_at=timezone.now() - datetime.timedelta(days=800),
    )
    from placements.services import interest_create, interest_select

    interest = interest_create(assignment=now, professional=member, motivation="Graag.", availability="Nu.")
    placement = interest_select(interest=interest, actor=poster)
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.RUNNING, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=30)
    )
    return network


def test_it_counts_what_each_organisation_gives_and_takes_in_the_period(ledger_world, organisation):
    ledger = give_and_take(ledger_world, period_from(str(TODAY.year)))
    assert ledger.columns[:2] == ["professionals available", "assignments posted"] or ledger.columns[:2] == [
        "professionals beschikbaar",
        "klussen geplaatst",
    ]
    rows = {row.organisation.slug: row for row in ledger.rows}
    # professionals available, assignments posted, placements lent, placements hosted
    assert rows["gemeente-breda"].extra == (1, 0, 1, 0)
    assert rows["gemeente-tilburg"].extra == (0, 1, 0, 1)
    assert not rows["gemeente-breda"].gives and not rows["gemeente-tilburg"].gives
    assert len(rows["gemeente-breda"].missing) == 1
    last_year = give_and_take(ledger_world, Period.year(TODAY.year - 2))
    assert {row.organisation.slug: row.extra for row in last_year.rows}["gemeente-tilburg"][1] in (0, 1)


def test_the_coordinator_chooses_the_period(client, coordinator, ledger_world, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(f"/netwerken/zpp-brabant/beheer/?periode={TODAY.year}")
    assert response.status_code == 200
    assert response.context["ledger"].period.key == str(TODAY.year)
    assert b'name="periode"' in response.content


# --- the reminder -------------------------------------------------------------------------------


@pytest.fixture
def breda_hr(other_organisation):
    contact = factories.employee(other_organisation, user__email="hr@breda.nl", user__full_name="Marloes de Wit")
    other_organisation.hr_contacts.add(contact)
    return contact


def test_it_reminds_an_organisation_that_provides_nothing_through_its_hr_contacts(
    client, coordinator, ledger_world, other_organisation, breda_hr
):
    client.force_login(coordinator)
    response = client.post("/netwerken/zpp-brabant/beheer/herinneren/gemeente-breda/", {"periode": str(TODAY.year)})
    assert response.status_code == 302
    reminder = LedgerReminder.objects.get()
    assert (reminder.organisation, reminder.recipients, reminder.sent_by) == (other_organisation, 1, coordinator)
    email = Notification.objects.get(kind="networks.ledger-reminder")
    assert email.email_to == "hr@breda.nl" and email.recipient is None
    assert "ZPP Brabant" in email.subject and "/netwerken/zpp-brabant/" in email.body
    entry = network_history(ledger_world).get(action="networks.ledger.reminded")
    assert entry.note == "Gemeente Breda" and entry.actor == coordinator
    page = client.get("/netwerken/zpp-brabant/beheer/")
    assert {r.organisation.slug: r.reminded_on for r in page.context["rows"]}["gemeente-breda"] == TODAY


def test_it_reminds_at_most_once_a_month(coordinator, ledger_world, other_organisation, breda_hr):
    period = period_from(None)
    ledger_remind(network=ledger_world, organisation=other_organisation, actor=coordinator, period=period)
    with pytest.raises(ValidationError, match=r"already|al "):
        ledger_remind(network=ledger_world, organisation=other_organisation, actor=coordinator, period=period)
    assert Notification.objects.filter(kind="networks.ledger-reminder").count() == 1
    # The database holds it too, whatever the caller.
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerReminder.objects.create(
            network=ledger_world, organisation=other_organisation, month=TODAY.replace(day=1), sent_by=coordinator
        )
    # Next month it may be sent again.
    LedgerReminder.objects.update(month=(TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
    ledger_remind(network=ledger_world, organisation=other_organisation, actor=coordinator, period=period)
    assert LedgerReminder.objects.count() == 2


def test_it_refuses_a_reminder_without_hr_contact_or_to_an_organisation_that_gives(
    coordinator, ledger_world, organisation, other_organisation
):
    period = period_from(None)
    with pytest.raises(ValidationError, match="HR"):
        ledger_remind(network=ledger_world, organisation=other_organisation, actor=coordinator, period=period)
    member = factories.employee(organisation)
    factories.MembershipFactory(user=member, network=ledger_world)
    factories.ProfileFactory(user=member, open_to_assignments=True)
    organisation.hr_contacts.add(member)
    with pytest.raises(ValidationError):
        ledger_remind(network=ledger_world, organisation=organisation, actor=coordinator, period=period)
    assert not LedgerReminder.objects.exists()


def test_only_coordinators_send_reminders_and_only_to_participants(client, member, coordinator, network, breda_hr):
    client.force_login(member)
    assert client.post("/netwerken/zpp-brabant/beheer/herinneren/gemeente-breda/").status_code == 403
    client.force_login(coordinator)
    stranger = factories.OrganisationFactory(slug="gemeente-elders")
    assert client.post(f"/netwerken/zpp-brabant/beheer/herinneren/{stranger.slug}/").status_code == 404
    assert not LedgerReminder.objects.exists()


def test_the_rate_page_reads_a_fixed_number_of_queries(client, coordinator, network, django_assert_max_num_queries):
    for level in range(30):
        PublicRate.objects.create(
            network=network, level=f"schaal {level}", hourly_rate=Decimal("80") + level, valid_from=THIS_YEAR
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(15):
        response = client.get("/netwerken/zpp-brabant/beheer/tarief/")
    assert response.status_code == 200
    assert response.content.decode().count("/verwijderen/") == 30


# --- narrow screens -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("/netwerken/zpp-brabant/beheer/", "give-and-take"),
        ("/netwerken/zpp-brabant/beheer/tarief/", "public-rates"),
        ("/netwerken/zpp-brabant/", "ledger-totals"),
        ("/netwerken/zpp-brabant/beheer/zelfstandigen/", "independents"),
    ],
)
def test_the_wide_tables_scroll_in_their_own_region_on_a_narrow_screen(client, coordinator, ledger_world, path, table):
    """At 320 px the ledger and the rate table were squeezed to a letter per line: they scroll instead."""
    client.force_login(coordinator)
    html = client.get(path).content.decode()
    region = re.search(
        rf'<div class="table-scroll" role="region" aria-labelledby="{table}-caption" tabindex="0">\s*'
        rf'<table class="data" id="{table}">\s*<caption[^>]* id="{table}-caption"',
        html,
    )
    assert region is not None, f"#{table} is not inside a .table-scroll region named by its caption"
