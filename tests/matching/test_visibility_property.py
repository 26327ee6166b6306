"""Property: no one is ever matched, recommended or told of an assignment they may not see.

Random small worlds of organisations, networks (with partnerships and employee membership),
people (employed or not, members in every status and role) and assignments (every audience
and status) are checked against THE rule, ``Assignment.objects.visible_to(user)``.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Assignment
from marketplace.models import Notification, NotificationPreference, User
from matching import candidates
from matching.models import Delivery, Match, SavedSearch, SavedSearchHit
from matching.services.alerts import assignment_fanout
from matching.services.digests import alerts_digest_for
from networks.models import Employment, Membership, Partnership
from profiles.models import EngagementForm, Profile, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

N_ORGS, N_NETWORKS, N_USERS, N_ASSIGNMENTS = 2, 3, 6, 3

# Draws lean towards the states that grant sight (active members, accepted partnerships, open
# network assignments), so the rare paths through the rule come up within a few examples.
ACTIVE = Membership.Status.ACTIVE
membership = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(Membership.Role.values), st.sampled_from([ACTIVE, ACTIVE, *Membership.Status.values])),
)
person = st.fixed_dictionaries(
    {
        "employer": st.one_of(st.none(), st.integers(0, N_ORGS - 1), st.integers(0, N_ORGS - 1)),
        "active": st.booleans(),
        "memberships": st.lists(membership, min_size=N_NETWORKS, max_size=N_NETWORKS),
        "visibility": st.sampled_from(Visibility.values),
        "pace": st.sampled_from(NotificationPreference.Pace.values),
        # Discreet mode (issue 21 item 4): hidden from the employer and the named organisations.
        "discreet": st.booleans(),
        "hide_from": st.sets(st.integers(0, N_ORGS - 1), max_size=1),
    }
)
posting = st.fixed_dictionaries(
    {
        "organisation": st.integers(0, N_ORGS - 1),
        "audience": st.sampled_from([*Assignment.Audience.values, "networks", "networks"]),
        "status": st.sampled_from([*Assignment.Status.values, "open", "open", "open"]),
        "networks": st.sets(st.integers(0, N_NETWORKS - 1)),
        "share": st.booleans(),
        "poster": st.one_of(st.none(), st.integers(0, N_USERS - 1)),
        "co_owners": st.sets(st.integers(0, N_USERS - 1), max_size=2),
    }
)
world = st.fixed_dictionaries(
    {
        "participations": st.sets(st.tuples(st.integers(0, N_NETWORKS - 1), st.integers(0, N_ORGS - 1))),
        "auto_members": st.lists(st.booleans(), min_size=N_NETWORKS, max_size=N_NETWORKS),
        "partnerships": st.sets(
            st.tuples(
                st.integers(0, N_NETWORKS - 1),
                st.integers(0, N_NETWORKS - 1),
                st.sampled_from([*Partnership.Status.values, "accepted", "accepted"]),
            ).filter(lambda t: t[0] != t[1]),
            max_size=3,
        ),
        "people": st.lists(person, min_size=N_USERS, max_size=N_USERS),
        "assignments": st.lists(posting, min_size=1, max_size=N_ASSIGNMENTS),
    }
)


def build(spec: dict) -> tuple[list[User], list[Assignment]]:
    orgs = [factories.OrganisationFactory() for _ in range(N_ORGS)]
    networks = [
        factories.NetworkFactory(employees_are_members=auto, name=f"Netwerk {i}")
        for i, auto in enumerate(spec["auto_members"])
    ]
    for n, o in spec["participations"]:
        factories.ParticipationFactory(network=networks[n], organisation=orgs[o])
    seen_pairs = set()
    for a, b, status in spec["partnerships"]:
        if (a, b) not in seen_pairs:
            seen_pairs.add((a, b))
            Partnership.objects.create(proposer=networks[a], partner=networks[b], status=status)
    forms = list(EngagementForm.objects.all())
    users = []
    for i, p in enumerate(spec["people"]):
        user = factories.UserFactory(email=f"user{i}@example.com", is_active=p["active"])
        if p["employer"] is not None:
            Employment.objects.create(user=user, organisation=orgs[p["employer"]], email=user.email)
        for n, m in enumerate(p["memberships"]):
            if m is not None:
                Membership.objects.create(user=user, network=networks[n], role=m[0], status=m[1])
        profile = factories.ProfileFactory(
            user=user, visibility=p["visibility"], contact_visibility=0, hours_per_week=40
        )
        profile.engagement_forms.set(forms)
        if p["discreet"]:
            Profile.objects.filter(pk=profile.pk).update(discreet=True)
            profile.hidden_from.set([orgs[o] for o in p["hide_from"]])
        NotificationPreference.objects.create(user=user, matches=p["pace"], saved_searches=p["pace"])
        SavedSearch.objects.create(user=user, name="alles", query="")
        users.append(user)
    assignments = []
    for a in spec["assignments"]:
        item = factories.AssignmentFactory(
            organisation=orgs[a["organisation"]],
            audience=a["audience"],
            status=a["status"],
            share_with_partners=a["share"],
            posted_by=users[a["poster"]] if a["poster"] is not None else None,
            networks=[networks[n] for n in a["networks"]],
        )
        item.co_owners.set([users[i] for i in a["co_owners"]])
        assignments.append(item)
    return users, assignments, orgs


def hiders(spec: dict, users: list[User], organisation_index: int) -> set[int]:
    """The people whose discreet mode hides them from the organisation: written from the spec."""
    return {
        u.pk
        for u, p in zip(users, spec["people"], strict=True)
        if p["discreet"] and organisation_index in {p["employer"], *p["hide_from"]}
    }


def sees(user_id: int, assignment: Assignment) -> bool:
    fresh = User.objects.get(pk=user_id)  # a new object: no cached viewer
    return Assignment.objects.visible_to(fresh).filter(pk=assignment.pk).exists()


def check_world(spec: dict) -> None:
    users, assignments, orgs = build(spec)
    org_index = {o.pk: i for i, o in enumerate(orgs)}
    visible = {a.pk: {u.pk for u in users if sees(u.pk, a)} for a in assignments}
    for a in assignments:
        by_profile = set(Profile.objects.filter(candidates.can_see_assignment_q(a)).values_list("user_id", flat=True))
        by_user = set(User.objects.filter(candidates.can_see_assignment_q(a, "pk")).values_list("pk", flat=True))
        assert by_profile == visible[a.pk], a.audience
        assert by_user == visible[a.pk]
        assignment_fanout(assignment_id=a.pk)
        owners = candidates.owner_ids(a)
        matched = set(Match.objects.filter(assignment=a).values_list("profile__user_id", flat=True))
        if a.status == Assignment.Status.OPEN:
            active = {u.pk for u in users if u.is_active}
            eligible = set(candidates.eligible_profiles(a).values_list("user_id", flat=True))
            assert eligible == ((visible[a.pk] - owners) & active) - hiders(spec, users, org_index[a.organisation_id])
            assert matched <= eligible
        else:
            assert matched == set()
        hit_users = set(SavedSearchHit.objects.filter(assignment=a).values_list("saved_search__user_id", flat=True))
        assert hit_users <= visible[a.pk] - owners - hiders(spec, users, org_index[a.organisation_id])
    for notice in Notification.objects.all():
        told = {m.assignment_id for m in Match.objects.filter(notification=notice)}
        told |= {h.assignment_id for h in SavedSearchHit.objects.filter(notification=notice)}
        assert all(notice.recipient_id in visible[pk] for pk in told)
    for user in users:
        for pace in ("daily", "weekly"):
            alerts_digest_for(user_id=user.pk, pace=pace)
        fresh = User.objects.get(pk=user.pk)
        recommended = [r.assignment for r in candidates.recommendations_for(fresh)]
        assert all(fresh.pk in visible[a.pk] for a in recommended)
        assert all(fresh.pk not in hiders(spec, users, org_index[a.organisation_id]) for a in recommended)
    digested = Match.objects.filter(delivery=Delivery.DIGESTED).values_list("assignment_id", "profile__user_id")
    assert all(user_id in visible[a_id] for a_id, user_id in digested)
    for a in assignments:
        for viewer in users:
            fresh = User.objects.get(pk=viewer.pk)
            shown = {row.profile.pk for row in candidates.suitable_profiles(a, fresh)}
            assert shown <= set(Profile.objects.visible_to(fresh).values_list("pk", flat=True))
            assert {Profile.objects.get(pk=pk).user_id for pk in shown} <= visible[a.pk] - hiders(
                spec, users, org_index[a.organisation_id]
            )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world)
def test_it_never_matches_or_tells_anyone_outside_the_visibility_rule(spec):
    with transaction.atomic():
        check_world(spec)
        transaction.set_rollback(True)


def test_it_reaches_partner_networks_only_when_shared(network, organisation, other_organisation):
    partner = factories.NetworkFactory(name="Partnernetwerk")
    Partnership.objects.create(proposer=network, partner=partner, status=Partnership.Status.ACCEPTED)
    reader = factories.employee(other_organisation)
    Membership.objects.create(user=reader, network=partner, status=Membership.Status.ACTIVE)
    factories.ProfileFactory(user=reader)
    for share in (True, False):
        item = factories.AssignmentFactory(
            organisation=organisation, audience="networks", networks=[network], share_with_partners=share
        )
        by_profile = Profile.objects.filter(candidates.can_see_assignment_q(item), user=reader).exists()
        assert by_profile is share
        assert sees(reader.pk, item) is share
