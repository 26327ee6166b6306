"""Posting: a short format asks dagdelen, regular work hours (issue 21 item 5); an assignment offered
as ZPP in a network with a public rate uses that rate (item 3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assignments.models import Assignment
from networks.agreement.models import PublicRate
from profiles.models import EngagementForm
from tests import factories
from tests.html_forms import field_error

pytestmark = pytest.mark.django_db
THIS_YEAR = datetime.date(timezone.localdate().year, 1, 1)


@pytest.fixture
def poster(owner, network):
    factories.MembershipFactory(user=owner, network=network)
    return owner


def _post(**overrides):
    data = {
        "title": "Adviseur mobiliteit",
        "summary": "",
        "description": "Help ons met het mobiliteitsplan.",
        "work_format": "regular",
        "hours_per_week": "16",
        "dagdelen": "",
        "remote_option": "hybrid",
        "engagement_forms": [str(EngagementForm.objects.get(code="secondment").pk)],
        "compensation": "public-rate",
        "rate": "",
        "places": "1",
        "audience": "organisation",
        "expertise": "mobiliteit",
        "co_owner_emails": "",
    }
    data.update(overrides)
    return data


# --- short formats ------------------------------------------------------------------------------


def test_a_short_format_is_posted_in_dagdelen_and_its_hours_dropped(client, poster):
    client.force_login(poster)
    response = client.post(
        "/klussen/nieuw/",
        _post(work_format="speaking", hours_per_week="16", dagdelen="2", compensation="pro-bono"),
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.work_format, assignment.dagdelen, assignment.hours_per_week) == ("speaking", 2, None)
    page = client.get(f"/klussen/{assignment.code}/").content.decode()
    assert "2 dagdelen" in page or "2 dagdelen" in assignment.workload


def test_a_short_format_without_dagdelen_is_refused_next_to_the_field(client, poster):
    client.force_login(poster)
    response = client.post("/klussen/nieuw/", _post(work_format="coaching", hours_per_week="", dagdelen=""))
    assert response.status_code in (200, 400)
    assert field_error(response.content, "id_dagdelen")
    assert not Assignment.objects.exists()


def test_regular_work_without_hours_is_refused_next_to_the_field(client, poster):
    client.force_login(poster)
    response = client.post("/klussen/nieuw/", _post(hours_per_week="", dagdelen="3"))
    assert field_error(response.content, "id_hours_per_week")
    assert not Assignment.objects.exists()


def test_the_form_offers_every_kind_of_work_without_javascript(client, poster):
    client.force_login(poster)
    html = client.get("/klussen/nieuw/").content.decode()
    for value in ("regular", "speaking", "session", "coaching", "look-inside"):
        assert f'value="{value}"' in html
    assert 'name="dagdelen"' in html and 'name="hours_per_week"' in html


def test_the_list_filters_by_kind_of_work(client, organisation, django_assert_max_num_queries):
    factories.AssignmentFactory(organisation=organisation, title="Gewone klus")
    factories.AssignmentFactory(
        organisation=organisation, title="Spreker congres", work_format="speaking", hours_per_week=None, dagdelen=1
    )
    with django_assert_max_num_queries(12):
        response = client.get("/klussen/?work_format=speaking")
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Spreker congres"]
    assert "1 dagdeel" in response.content.decode() or "Speaking" in response.content.decode()
    regular = client.get("/klussen/?work_format=regular").context["page"].object_list
    assert [a.title for a in regular] == ["Gewone klus"]
    # An hours filter does not find a short format (it has no hours a week).
    assert [a.title for a in client.get("/klussen/?hours_max=40").context["page"].object_list] == ["Gewone klus"]


# --- the public rate ----------------------------------------------------------------------------


@pytest.fixture
def rate(network):
    return PublicRate.objects.create(
        network=network, level="schaal 11", hourly_rate=Decimal("95"), valid_from=THIS_YEAR
    )


def _zpp(network, **overrides):
    return _post(
        audience="networks",
        networks=[str(network.pk)],
        engagement_forms=[str(EngagementForm.objects.get(code="zpp").pk)],
        **overrides,
    )


def test_a_zpp_assignment_in_the_network_must_use_its_public_rate(client, poster, network, rate):
    client.force_login(poster)
    form_page = client.get("/klussen/nieuw/").content.decode()
    assert "ZPP Brabant" in form_page and "95" in form_page  # named next to the rate field
    response = client.post("/klussen/nieuw/", _zpp(network, rate="120"))
    error = field_error(response.content, "id_rate")
    assert error and "ZPP Brabant" in error
    assert not Assignment.objects.exists()
    response = client.post("/klussen/nieuw/", _zpp(network, rate="95.00"))
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    page = client.get(f"/klussen/{assignment.code}/").content.decode()
    assert 'id="public-rate"' in page and "schaal 11" in page


def test_other_engagement_forms_and_audiences_may_name_any_rate(client, poster, network, rate):
    client.force_login(poster)
    assert (
        client.post("/klussen/nieuw/", _post(audience="networks", networks=[str(network.pk)], rate="120")).status_code
        == 302
    )
    assert client.post("/klussen/nieuw/", _post(rate="120", title="Tweede")).status_code == 302
    assert Assignment.objects.count() == 2


def test_the_placement_terms_state_and_use_the_public_rate(client, network, rate, organisation, other_organisation):
    from placements.services import interest_create, interest_select, placement_set_terms

    poster = factories.employee(organisation)
    assignment = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=poster,
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        engagement_forms=[EngagementForm.Code.ZPP],
        rate="95.00",
        start_date=timezone.localdate(),
    )
    professional = factories.employee(other_organisation)
    factories.MembershipFactory(user=professional, network=network)
    factories.ProfileFactory(user=professional)
    interest = interest_create(assignment=assignment, professional=professional, motivation="Ja.", availability="")
    placement = interest_select(interest=interest, actor=poster)
    zpp = EngagementForm.objects.get(code="zpp")
    terms = {"engagement_form": zpp, "hours_per_week": 16, "start_date": timezone.localdate(), "end_date": None}
    with pytest.raises(Exception, match="ZPP Brabant"):
        placement_set_terms(placement=placement, actor=poster, rate=Decimal("80"), pro_bono=False, **terms)
    placement_set_terms(placement=placement, actor=poster, rate=Decimal("95"), pro_bono=False, **terms)
    client.force_login(poster)
    page = client.get(f"/klussen/plaatsingen/{placement.code}/").content.decode()
    assert 'id="public-rate"' in page and "schaal 11" in page
    response = client.post(
        f"/klussen/plaatsingen/{placement.code}/voorwaarden/",
        {
            "engagement_form": str(zpp.pk),
            "hours_per_week": "16",
            "start_date": timezone.localdate().isoformat(),
            "rate": "70",
        },
    )
    assert field_error(response.content, "id_rate")
    placement.refresh_from_db()
    assert placement.rate == Decimal("95")


def test_a_short_format_placement_is_agreed_without_hours_a_week(client, organisation, other_organisation):
    from placements.services import interest_create, interest_select, placement_set_terms

    poster = factories.employee(organisation)
    speaking = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=poster,
        work_format="speaking",
        hours_per_week=None,
        dagdelen=2,
        compensation=Assignment.Compensation.PRO_BONO,
        engagement_forms=[EngagementForm.Code.PRO_BONO],
    )
    professional = factories.employee(other_organisation)
    factories.ProfileFactory(user=professional)
    interest = interest_create(assignment=speaking, professional=professional, motivation="Ja.", availability="")
    placement = interest_select(interest=interest, actor=poster)
    placement_set_terms(
        placement=placement,
        actor=poster,
        engagement_form=EngagementForm.objects.get(code="pro-bono"),
        hours_per_week=None,
        start_date=timezone.localdate(),
        end_date=None,
        rate=None,
        pro_bono=True,
    )
    placement.refresh_from_db()
    assert placement.has_terms
    client.force_login(poster)
    assert "2 dagdelen" in client.get(f"/klussen/plaatsingen/{placement.code}/").content.decode()
    regular = factories.AssignmentFactory(organisation=organisation, posted_by=poster)
    other = interest_select(
        interest=interest_create(assignment=regular, professional=professional, motivation="Ja.", availability=""),
        actor=poster,
    )
    with pytest.raises(Exception, match=r"hours|uur"):
        placement_set_terms(
            placement=other,
            actor=poster,
            engagement_form=EngagementForm.objects.get(code="secondment"),
            hours_per_week=None,
            start_date=timezone.localdate(),
            end_date=None,
            rate=None,
            pro_bono=True,
        )
