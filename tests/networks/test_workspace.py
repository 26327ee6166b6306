from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Notification
from networks import hooks
from networks.filters import MemberFilter
from networks.models import Membership, Network, Participation, Partnership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_data(network, organisation, other_organisation, coordinator, member, suspended, pending):
    """ZPP Brabant with Tilburg (coordinator) and Breda (member), and Eindhoven providing nobody."""
    factories.ParticipationFactory(network=network, organisation=other_organisation)
    eindhoven = factories.OrganisationFactory(name="Gemeente Eindhoven", slug="gemeente-eindhoven")
    factories.ParticipationFactory(network=network, organisation=eindhoven)
    extra = factories.employee(other_organisation, user__email="tweede@breda.nl", user__full_name="=HYPERLINK(1)")
    factories.MembershipFactory(user=extra, network=network)
    left = factories.employee(eindhoven, user__email="weg@eindhoven.nl")
    factories.MembershipFactory(user=left, network=network, status=Membership.Status.LEFT)
    return eindhoven


def test_it_shows_give_and_take_per_organisation(client, coordinator, known_data, monkeypatch):
    monkeypatch.setattr(hooks, "_give_and_take", {})  # members only: later apps' columns are tested apart
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/")
    assert response.status_code == 200
    counts = {row.organisation.slug: row.members for row in response.context["rows"]}
    # Tilburg: the coordinator; Breda: member and the extra one (not the suspended or pending);
    # Eindhoven: nobody (the one who left does not count).
    assert counts == {"gemeente-tilburg": 1, "gemeente-breda": 2, "gemeente-eindhoven": 0}
    assert [row.organisation.slug for row in response.context["missing"]] == ["gemeente-eindhoven"]


def test_it_adds_columns_registered_by_later_apps(client, coordinator, known_data, organisation, monkeypatch):
    monkeypatch.setattr(hooks, "_give_and_take", {})
    hooks.register_give_and_take(
        "assignments", "Assignments", lambda network, ids, period: {organisation.pk: 3}, agreement=True
    )
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/")
    rows = {row.organisation.slug: (row.members, row.extra, row.gives) for row in response.context["rows"]}
    assert rows["gemeente-tilburg"] == (1, (3,), True)
    assert rows["gemeente-breda"] == (2, (0,), False)
    assert b"Assignments" in response.content


def test_it_draws_members_over_time_with_a_table_beside(client, coordinator, member, network):
    three_months_ago = timezone.now() - timedelta(days=95)
    Membership.objects.filter(user=member).update(decided_at=three_months_ago)
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/")
    bars = response.context["charts"][0].bars
    assert len(bars) == 12
    assert bars[-1].value == 2
    assert bars[0].value == 0
    assert max(b.value for b in bars[:-4]) <= 1
    assert b"<svg" in response.content and b"<table" in response.content


def test_it_heads_each_chart_table_by_its_series_and_labels_the_bars_by_month(client, coordinator, network):
    import re

    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/", HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    headings = re.findall(r'<thead><tr><th scope="col">Maand</th><th scope="col">([^<]+)</th>', html)
    expected = {"Actieve leden", "Gepubliceerde klussen", "Reacties", "Plaatsingen"}
    assert expected <= set(headings)
    assert len(headings) == len(set(headings)) == len(response.context["charts"])
    months = re.findall(r'<text class="chart__month"[^>]*>([^<]+)</text>', html)
    assert len(months) == 12 * len(response.context["charts"])
    this_month = timezone.localdate().month
    dutch = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert months[11] == dutch[this_month - 1]


def test_it_exports_the_member_list_as_csv(client, coordinator, known_data):
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/leden/export.csv", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="zpp-brabant-leden-{timezone.localdate().isoformat()}.csv"'
    )
    # Dutch Excel: UTF-8 with a byte-order mark, columns split at ";".
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Naam", "E-mail", "Organisatie", "Rol", "Status", "Sinds"]
    emails = sorted(row[1] for row in rows[1:])
    assert emails == sorted(
        [
            "coordinator@tilburg.nl",
            "member@breda.nl",
            "suspended@breda.nl",
            "pending@breda.nl",
            "tweede@breda.nl",
            "weg@eindhoven.nl",
        ]
    )
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["tweede@breda.nl"][0] == "'=HYPERLINK(1)"
    assert by_email["member@breda.nl"][2] == "Gemeente Breda"


def test_it_exports_with_commas_and_an_english_file_name_in_english(client, coordinator, known_data):
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/leden/export.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert 'filename="zpp-brabant-members-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Email"]


def test_it_exports_only_the_filtered_members(client, coordinator, known_data):
    client.force_login(coordinator)
    path = "/netwerken/zpp-brabant/beheer/leden/export.csv?status=active&organisation=gemeente-breda"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    emails = sorted(row[1] for row in rows[1:])
    assert emails == ["member@breda.nl", "tweede@breda.nl"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=suspended", {"suspended@breda.nl"}),
        ("role=coordinator", {"coordinator@tilburg.nl"}),
        ("organisation=gemeente-tilburg", {"coordinator@tilburg.nl"}),
        ("q=tweede", {"tweede@breda.nl"}),
    ],
)
def test_it_filters_the_member_list(client, coordinator, known_data, query, expected):
    client.force_login(coordinator)
    response = client.get(f"/netwerken/zpp-brabant/beheer/leden/?{query}")
    assert response.status_code == 200
    assert {m.user.email for m in response.context["page"]} == expected


def test_it_offers_the_participants_and_the_employers_of_the_members_as_organisations(
    network, other_network, other_coordinator, known_data
):
    delft = factories.OrganisationFactory(name="Gemeente Delft", slug="gemeente-delft")
    utrecht = factories.OrganisationFactory(name="Gemeente Utrecht", slug="gemeente-utrecht")
    factories.OrganisationFactory(name="Gemeente Zwolle", slug="gemeente-zwolle")  # nobody's employer
    factories.MembershipFactory(user=factories.employee(delft), network=network, status=Membership.Status.PENDING)
    factories.MembershipFactory(user=factories.employee(utrecht), network=other_network)
    factories.MembershipFactory(user=factories.UserFactory(), network=network)  # no employer
    expected = {
        # Participants Tilburg, Breda, Eindhoven; employers Tilburg, Breda, Eindhoven (left), Delft.
        network: ["gemeente-breda", "gemeente-delft", "gemeente-eindhoven", "gemeente-tilburg"],
        other_network: ["gemeente-breda", "gemeente-utrecht"],
    }
    for each, slugs in expected.items():
        choices = MemberFilter(None, queryset=each.memberships.all(), network=each).filters["organisation"].queryset
        # The reference, the slow way: participations, and each membership's user's employer.
        participants = {p.organisation for p in Participation.objects.filter(network=each)}
        employers = {m.user.employment.organisation for m in each.memberships.all() if hasattr(m.user, "employment")}

        assert [o.slug for o in choices] == slugs
        assert list(choices) == sorted(participants | employers, key=lambda o: o.name)


def test_it_renders_the_member_list_fragment_for_htmx(client, coordinator, known_data):
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/leden/?status=active", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"member@breda.nl" in response.content


def _fill(network, size):
    organisation = factories.OrganisationFactory()
    factories.ParticipationFactory(network=network, organisation=organisation)
    for i in range(size):
        user = factories.employee(organisation)
        factories.MembershipFactory(user=user, network=network, status=["active", "pending"][i % 2])
        factories.ParticipationFactory(network=network)


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize(
    "path",
    [
        "/netwerken/zpp-brabant/beheer/",
        "/netwerken/zpp-brabant/beheer/aanvragen/",
        "/netwerken/zpp-brabant/beheer/leden/",
        "/netwerken/zpp-brabant/beheer/leden/?status=active&q=e",
        "/netwerken/zpp-brabant/beheer/leden/export.csv",
        "/netwerken/zpp-brabant/beheer/geschiedenis/",
        "/netwerken/zpp-brabant/beheer/uitnodigen/",
        "/netwerken/zpp-brabant/beheer/partners/",
    ],
)
def test_it_keeps_list_pages_to_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, coordinator, network, size, path
):
    _fill(network, size)
    for membership in Membership.objects.filter(status="pending")[:size]:
        from networks.services import membership_admit

        membership_admit(membership=membership, actor=coordinator)
    for i in range(size):
        other = factories.NetworkFactory()
        Partnership.objects.create(proposer=network, partner=other, proposed_by=coordinator)
        network.invitations.create(
            email=f"p{i}@example.com", token_hash=f"{i:064d}", expires_at=timezone.now(), invited_by=coordinator
        )
    client.force_login(coordinator)
    # 22 of the networks app, plus one give-and-take column and three monthly charts of assignments.
    with django_assert_max_num_queries(23):
        assert client.get(path).status_code == 200


def test_it_proposes_and_accepts_a_partnership(client, coordinator, other_coordinator, network, other_network):
    client.force_login(coordinator)
    response = client.post("/netwerken/zpp-brabant/beheer/partners/", {"partner": other_network.pk})
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert partnership.status == Partnership.Status.PROPOSED
    assert Notification.objects.get(recipient=other_coordinator).kind == "networks.partnership-proposed"
    # The proposer cannot accept its own proposal.
    assert client.post(f"/netwerken/zpp-brabant/beheer/partners/{partnership.code}/accepteren/").status_code == 404
    client.force_login(other_coordinator)
    response = client.post(f"/netwerken/over-loop/beheer/partners/{partnership.code}/accepteren/")
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACCEPTED
    assert Notification.objects.get(recipient=coordinator).kind == "networks.partnership-decided"
    from networks.selectors import viewer_for

    assert other_network.pk in viewer_for(coordinator, refresh=True).partner_network_ids


def test_it_declines_a_partnership(client, coordinator, other_coordinator, network, other_network):
    partnership = Partnership.objects.create(proposer=network, partner=other_network, proposed_by=coordinator)
    client.force_login(other_coordinator)
    assert client.post(f"/netwerken/over-loop/beheer/partners/{partnership.code}/afwijzen/").status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.DECLINED


def test_it_refuses_a_duplicate_partnership(client, coordinator, network, other_network):
    Partnership.objects.create(proposer=other_network, partner=network, status=Partnership.Status.ACCEPTED)
    client.force_login(coordinator)
    assert client.post("/netwerken/zpp-brabant/beheer/partners/", {"partner": other_network.pk}).status_code == 400
    assert Partnership.objects.count() == 1


def test_it_refuses_partnering_with_itself(client, coordinator, network):
    client.force_login(coordinator)
    assert client.post("/netwerken/zpp-brabant/beheer/partners/", {"partner": network.pk}).status_code == 400


@pytest.mark.parametrize("action", ["accepteren", "afwijzen"])
def test_it_rejects_get_on_partnership_decisions(client, coordinator, action):
    client.force_login(coordinator)
    path = f"/netwerken/zpp-brabant/beheer/partners/00000000-0000-0000-0000-000000000000/{action}/"
    assert client.get(path).status_code == 405


def test_network_model_lists_the_coordinators_network(coordinator, network):
    assert list(Network.objects.coordinated_by(coordinator)) == [network]


def test_it_draws_charts_registered_by_later_apps(client, coordinator, network, monkeypatch):
    monkeypatch.setattr(hooks, "_monthly", {})
    hooks.register_monthly_series("placements", "Placements per month", lambda network, months: [1] * len(months))
    client.force_login(coordinator)
    response = client.get("/netwerken/zpp-brabant/beheer/")
    charts = response.context["charts"]
    assert [c.key for c in charts] == ["members", "placements"]
    assert [b.value for b in charts[1].bars] == [1] * 12
    assert b'id="chart-placements-title"' in response.content


def test_the_member_list_offers_all_as_no_filter_and_scrolls_its_table_on_a_narrow_screen(
    client, coordinator, known_data
):
    # At 320 px the five columns broke words mid-letter ("Gemee|nte", "R|ol"); in a scroll region
    # the table keeps its width, as the workspace's other tables do. No "---------" options.
    client.force_login(coordinator)
    html = client.get("/netwerken/zpp-brabant/beheer/leden/").content.decode()

    assert '<div class="table-scroll" role="region" aria-labelledby="members-caption" tabindex="0">' in html
    assert 'id="members-caption"' in html
    assert "---------" not in html
    for name in ("status", "role", "organisation"):
        assert f'name="{name}"' in html
    assert html.count('<option value="" selected>All</option>') == 3
