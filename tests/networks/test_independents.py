"""Issue 21 item 7: independent professionals admitted by a network's coordinator (Rooijmans).

The admission goes through the one visibility rule (``Viewer.independent_network_ids``): the
network's own assignments and network-level profiles, reacting like a member, nothing more.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from assignments.models import Assignment
from marketplace.models import AuditEntry
from matching import candidates
from networks.admissions import independent_admit, independent_revoke
from networks.models import IndependentAdmission, Membership, Partnership
from networks.selectors import viewer_for
from placements.models import Interest
from profiles.models import Profile, Visibility
from tests import factories
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

ADMIT = {
    "email": "jos@bluemirror.nl",
    "business_name": "BlueMirror",
    "kvk_number": "24123456",
    "verification": "KvK-uittreksel gezien; oud-directeur Services Rotterdam, gesproken op 1 december.",
    "intermediary": "Interim Netwerk BV",
}


@pytest.fixture
def independent():
    user = factories.UserFactory(email="jos@bluemirror.nl", full_name="Jos Rooijmans")
    factories.ProfileFactory(user=user, display_name="Jos Rooijmans", visibility=Visibility.NETWORK)
    return user


@pytest.fixture
def world(organisation, other_organisation, network, owner, member):
    """An assignment at every audience, a partner network's, and a member's network-level profile."""
    partner = factories.NetworkFactory(name="Partner", slug="partner")
    Partnership.objects.create(proposer=network, partner=partner, status=Partnership.Status.ACCEPTED)
    make = lambda audience, **kw: factories.AssignmentFactory(  # noqa: E731
        organisation=organisation, posted_by=owner, audience=audience, **kw
    )
    factories.ProfileFactory(user=member, display_name="Lid Netwerkniveau", visibility=Visibility.NETWORK)
    return {
        "public": make(Assignment.Audience.PUBLIC),
        "platform": make(Assignment.Audience.PLATFORM),
        "organisation": make(Assignment.Audience.ORGANISATION),
        "network": make(Assignment.Audience.NETWORKS, networks=[network]),
        "partner": make(Assignment.Audience.NETWORKS, networks=[partner], share_with_partners=True),
    }


def visible(user) -> set[str]:
    return set(Assignment.objects.visible_to(user).values_list("title", flat=True))


def titles(world, *keys) -> set[str]:
    return {world[k].title for k in keys}


def admit(network, coordinator, **extra):
    return independent_admit(network=network, actor=coordinator, **{**ADMIT, **extra})


def test_a_visitor_sees_public_content_only_even_as_an_invited_member(world, network, independent):
    """An intermediary or independent without admission is a visitor, whatever their membership."""
    Membership.objects.create(user=independent, network=network, status=Membership.Status.ACTIVE)
    assert visible(independent) == titles(world, "public")
    assert not Profile.objects.visible_to(independent).filter(display_name="Lid Netwerkniveau").exists()
    assert viewer_for(independent).may_react is False


def test_the_coordinator_admits_an_independent_through_the_workspace(
    client, world, network, coordinator, independent, django_capture_on_commit_callbacks
):
    client.force_login(with_mfa(coordinator))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/netwerken/zpp-brabant/beheer/zelfstandigen/", ADMIT)
    assert response.status_code == 302
    admission = IndependentAdmission.objects.get(user=independent)
    assert (admission.status, admission.decided_by, admission.intermediary) == (
        "admitted",
        coordinator,
        "Interim Netwerk BV",
    )
    assert Membership.objects.get(user=independent, network=network).status == Membership.Status.ACTIVE
    assert AuditEntry.objects.filter(action="networks.independent.admitted", actor=coordinator).exists()
    assert mail.outbox[-1].to == [independent.email]
    page = client.get("/netwerken/zpp-brabant/beheer/zelfstandigen/")
    assert "BlueMirror" in page.content.decode()


def test_an_admitted_independent_sees_the_networks_level_and_nothing_wider(world, network, coordinator, independent):
    admit(network, coordinator)
    assert visible(independent) == titles(world, "public", "network")
    assert Profile.objects.visible_to(independent).filter(display_name="Lid Netwerkniveau").exists()
    # Their own network-level profile is seen by the network's members, not by outsiders.
    member = Membership.objects.filter(network=network, status="active").exclude(user=independent).first().user
    assert Profile.objects.visible_to(member).filter(user=independent).exists()
    outsider = factories.employee(factories.OrganisationFactory())
    assert not Profile.objects.visible_to(outsider).filter(user=independent).exists()


def test_the_fan_out_agrees_with_the_rule(world, network, coordinator, independent):
    admit(network, coordinator)
    for key, shown in (("network", True), ("partner", False), ("platform", False)):
        reached = Profile.objects.filter(candidates.can_see_assignment_q(world[key]), user=independent).exists()
        assert reached is shown, key


def test_an_admitted_independent_reacts_like_a_member(client, world, network, coordinator, independent):
    admit(network, coordinator)
    client.force_login(independent)
    url = f"/klussen/{world['network'].code}/reageren/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"motivation": "Ik begeleid gesprekken over leiderschap.", "availability": ""})
    assert response.status_code == 302
    interest = Interest.objects.get(professional=independent)
    assert client.get(f"/klussen/{world['platform'].code}/reageren/").status_code == 404
    # The opdrachtgever sees who admitted them, and the intermediary that brought them.
    client.force_login(interest.assignment.posted_by)
    page = client.get(f"/klussen/{interest.assignment.code}/reacties/{interest.code}/", HTTP_ACCEPT_LANGUAGE="nl")
    text = page.content.decode()
    assert "BlueMirror" in text and "Interim Netwerk BV" in text


def test_revoking_or_suspending_ends_it(world, network, coordinator, independent):
    admission = admit(network, coordinator)
    membership = Membership.objects.get(user=independent, network=network)
    membership.status = Membership.Status.SUSPENDED
    membership.save()
    assert visible(_fresh(independent)) == titles(world, "public")
    membership.status = Membership.Status.ACTIVE
    membership.save()
    assert visible(_fresh(independent)) == titles(world, "public", "network")
    independent_revoke(admission=admission, actor=coordinator, reason="Geen opdrachten meer via ons netwerk.")
    assert visible(_fresh(independent)) == titles(world, "public")
    assert viewer_for(_fresh(independent)).may_react is False
    assert AuditEntry.objects.filter(action="networks.independent.revoked").exists()


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "owner@tilburg.nl"}, "email"),  # a civil servant joins as one
        ({"email": "niemand@example.com"}, "email"),  # no account
        ({"kvk_number": "1234"}, "kvk_number"),
        ({"verification": ""}, "verification"),
    ],
)
def test_it_refuses_an_admission_next_to_the_field(client, network, coordinator, independent, owner, change, field):
    client.force_login(with_mfa(coordinator))
    response = client.post("/netwerken/zpp-brabant/beheer/zelfstandigen/", {**ADMIT, **change})
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not IndependentAdmission.objects.exists()


def test_only_the_coordinator_admits(client, network, member, independent):
    client.force_login(with_mfa(member))
    assert client.post("/netwerken/zpp-brabant/beheer/zelfstandigen/", ADMIT).status_code == 403
    assert client.get("/netwerken/zpp-brabant/beheer/zelfstandigen/").status_code == 403
    assert not IndependentAdmission.objects.exists()


def test_an_independents_placement_needs_no_leidinggevende(network, coordinator, independent, world, owner):
    from placements.services import interest_create, interest_select
    from placements.services.placements import placement_blockers

    admit(network, coordinator)
    interest = interest_create(
        assignment=world["network"], professional=_fresh(independent), motivation="Graag.", availability=""
    )
    placement = interest_select(interest=interest, actor=owner)
    with translation.override("en"):
        blockers = placement_blockers(placement)
    # The five signals still need their answers (past, klik) and the terms: nothing about an
    # employer's rules, a side activity or a leidinggevende.
    assert blockers and not [b for b in blockers if "leidinggevende" in b or "side activity" in b or "rules" in b]
    assert "the terms are not complete yet" in blockers


def test_levels_stay_ordered_for_an_independent(network, coordinator, independent, member):
    """A member's platform-level profile is more open than network level: the independent sees it too."""
    admit(network, coordinator)
    factories.ProfileFactory(user=member, display_name="Lid Platform", visibility=Visibility.PLATFORM)
    stranger = factories.employee(factories.OrganisationFactory())
    factories.ProfileFactory(user=stranger, display_name="Geen Lid", visibility=Visibility.PLATFORM)
    shown = set(Profile.objects.visible_to(independent).values_list("display_name", flat=True))
    assert "Lid Platform" in shown and "Geen Lid" not in shown


def test_the_list_of_admissions_costs_the_same_for_many(client, network, coordinator, django_assert_max_num_queries):
    for i in range(12):
        user = factories.UserFactory(email=f"zelf{i}@example.com")
        independent_admit(network=network, actor=coordinator, **{**ADMIT, "email": user.email})
    client.force_login(with_mfa(coordinator))
    with django_assert_max_num_queries(16):
        response = client.get("/netwerken/zpp-brabant/beheer/zelfstandigen/")
    assert response.status_code == 200
    assert response.content.decode().count("BlueMirror") == 12


def test_the_dashboard_says_what_the_admission_gives(client, network, coordinator, independent):
    client.force_login(independent)
    assert "zelfstandig professional" not in client.get("/mijn/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    admit(network, coordinator)
    assert "toegelaten als zelfstandig professional" in client.get("/mijn/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_an_independent_has_no_leidinggevende_to_ask_after_completion(network, coordinator, independent, world, owner):
    from placements.services import interest_create, interest_select
    from placements.services.homecoming import home_feedback_request

    admit(network, coordinator)
    interest = interest_create(
        assignment=world["network"], professional=_fresh(independent), motivation="Graag.", availability=""
    )
    placement = interest_select(interest=interest, actor=owner)
    Placement = type(placement)
    Placement.objects.filter(pk=placement.pk).update(status="completed")
    placement.refresh_from_db()
    with translation.override("en"), pytest.raises(Exception, match="no leidinggevende"):
        home_feedback_request(placement=placement, actor=_fresh(independent), manager_email="baas@example.com")


def test_the_directory_audience_answers_an_admitted_independent_as_the_rule_does(
    world, network, coordinator, independent, member, organisation
):
    """The maintained audience (profiles.audience) has no stand-in for an admitted independent:
    they are read from ``visible_to`` itself, so a platform-level profile of a network member,
    which has a PLATFORM row and no NETWORK row, is still shown to them as the rule says."""
    from profiles import audience
    from profiles.discreet import profile_set_discreet

    admit(network, coordinator)
    colleague = factories.employee(organisation)
    factories.MembershipFactory(user=colleague, network=network)
    factories.ProfileFactory(user=colleague, display_name="Lid Platformniveau", visibility=Visibility.PLATFORM)
    hider = factories.employee(organisation)
    factories.MembershipFactory(user=hider, network=network)
    discreet = factories.ProfileFactory(user=hider, display_name="Lid Discreet", visibility=Visibility.NETWORK)
    profile_set_discreet(profile=discreet, discreet=True, hidden_from=[], actor=hider)
    independent.refresh_from_db()

    by_rule = set(Profile.objects.visible_to(independent).values_list("display_name", flat=True))
    by_audience = set(audience.visible(Profile.objects.all(), independent).values_list("display_name", flat=True))
    assert by_audience == by_rule
    assert {"Lid Netwerkniveau", "Lid Platformniveau"} <= by_rule
    assert "Lid Discreet" not in by_rule


def test_correcting_an_admission_does_not_tell_the_person_again(network, coordinator, independent):
    """The form that admits also corrects the details: a second 'you are admitted' was confusing."""
    admit(network, coordinator)
    admit(network, coordinator, kvk_number="24123457", intermediary="")
    admission = IndependentAdmission.objects.get(user=independent)
    assert (admission.kvk_number, admission.intermediary) == ("24123457", "")
    assert independent.notifications.filter(kind="networks.independent-admitted").count() == 1
    independent_revoke(admission=admission, actor=coordinator, reason="Geen klussen meer.")
    admit(network, coordinator)
    assert independent.notifications.filter(kind="networks.independent-admitted").count() == 2


def test_the_network_page_does_not_tell_an_admitted_independent_that_networks_are_for_civil_servants(
    client, network, coordinator, independent
):
    rule = "Netwerken zijn voor ambtenaren"
    assert rule in client.get(f"/netwerken/{network.slug}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    admit(network, coordinator)
    client.force_login(independent)
    assert rule not in client.get(f"/netwerken/{network.slug}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
