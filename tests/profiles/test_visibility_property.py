"""Property: ``Profile.objects.visible_to`` is DESIGN.md's rule, discreet mode included, on random worlds;
and the maintained audience (``profiles.audience``) says the same; so do ``contact_visible_to`` and the
profile page's contact flag (``visible_with_contact_flag``) at the contact level.

Random small worlds of organisations, networks (employees members or not, participations) and
people (employed or not, active or not, hidden or not, memberships in every role and status,
every level, discreet mode hiding from the employer and named organisations) are checked
against an oracle written here from DESIGN.md, independently of the code under test.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.models import User
from networks.models import Employment, Membership
from profiles import audience
from profiles.models import Profile, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

N_ORGS, N_NETWORKS, N_USERS = 3, 2, 6
ACTIVE, SUSPENDED, LEFT = Membership.Status.ACTIVE, Membership.Status.SUSPENDED, Membership.Status.LEFT
COORDINATOR = Membership.Role.COORDINATOR

membership = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(Membership.Role.values), st.sampled_from([ACTIVE, ACTIVE, *Membership.Status.values])),
)
person = st.fixed_dictionaries(
    {
        "employer": st.one_of(st.none(), st.integers(0, N_ORGS - 1), st.integers(0, N_ORGS - 1)),
        "active": st.sampled_from([True, True, True, False]),
        "hidden": st.sampled_from([False, False, False, True]),
        "memberships": st.lists(membership, min_size=N_NETWORKS, max_size=N_NETWORKS),
        "profile": st.booleans() | st.just(True),
        "visibility": st.sampled_from(Visibility.values),
        "contact": st.sampled_from(Visibility.values),  # at most the profile's own level (a constraint)
        "discreet": st.booleans(),
        "hide_from": st.sets(st.integers(0, N_ORGS - 1), max_size=2),
    }
)
world = st.fixed_dictionaries(
    {
        "participations": st.sets(st.tuples(st.integers(0, N_NETWORKS - 1), st.integers(0, N_ORGS - 1))),
        "auto_members": st.lists(st.booleans(), min_size=N_NETWORKS, max_size=N_NETWORKS),
        "people": st.lists(person, min_size=N_USERS, max_size=N_USERS),
    }
)


def networks_of(spec: dict, i: int) -> set[int]:
    """The networks person ``i`` is in now (DESIGN.md): active member, or employee of a participant
    of a network whose employees are members, unless suspended or left."""
    p = spec["people"][i]
    found = set()
    for n, m in enumerate(p["memberships"]):
        status = m[1] if m else None
        if status == ACTIVE or (
            spec["auto_members"][n]
            and p["employer"] is not None
            and (n, p["employer"]) in spec["participations"]
            and status not in (SUSPENDED, LEFT)
        ):
            found.add(n)
    return found


def contact_level(p: dict) -> int:
    return min(p["contact"], p["visibility"])


def contact_oracle(spec: dict, viewer: int | None, owner: int) -> bool:
    """May ``viewer`` see ``owner``'s contact details: the same rule at the contact level."""
    people = list(spec["people"])
    people[owner] = {**people[owner], "visibility": contact_level(people[owner])}
    return oracle(spec, viewer, owner) and oracle({**spec, "people": people}, viewer, owner)


def oracle(spec: dict, viewer: int | None, owner: int) -> bool:
    """May ``viewer`` (an index, None: anonymous) see ``owner``'s profile?"""
    o = spec["people"][owner]
    if viewer == owner:
        return True
    if not o["active"] or o["hidden"]:
        return False
    v = spec["people"][viewer] if viewer is not None else None
    v_org = v["employer"] if v is not None else None
    if o["discreet"] and (v_org is None or v_org == o["employer"] or v_org in o["hide_from"]):
        return False
    if o["visibility"] == Visibility.PUBLIC:
        return True
    if v is None or v_org is None:
        return False
    if o["visibility"] >= Visibility.PLATFORM:
        return True
    shared = networks_of(spec, viewer) & networks_of(spec, owner)
    if o["visibility"] >= Visibility.NETWORK and shared:
        return True
    coordinates = {n for n, m in enumerate(v["memberships"]) if m == (COORDINATOR, ACTIVE)}
    return bool(coordinates & networks_of(spec, owner))


def build(spec: dict) -> tuple[list, list[User], dict[int, int]]:
    orgs = [factories.OrganisationFactory() for _ in range(N_ORGS)]
    networks = [factories.NetworkFactory(employees_are_members=auto) for auto in spec["auto_members"]]
    for n, o in spec["participations"]:
        factories.ParticipationFactory(network=networks[n], organisation=orgs[o])
    users, profiles = [], {}
    for i, p in enumerate(spec["people"]):
        user = factories.UserFactory(email=f"p{i}@example.com", is_active=p["active"])
        if p["employer"] is not None:
            Employment.objects.create(user=user, organisation=orgs[p["employer"]], email=user.email)
        for n, m in enumerate(p["memberships"]):
            if m is not None:
                Membership.objects.create(user=user, network=networks[n], role=m[0], status=m[1])
        if p["profile"]:
            profile = factories.ProfileFactory(
                user=user,
                visibility=p["visibility"],
                contact_visibility=contact_level(p),
                is_hidden=p["hidden"],
                discreet=p["discreet"],
            )
            profile.hidden_from.set([orgs[o] for o in p["hide_from"]])
            profiles[profile.pk] = i
        users.append(user)
    return orgs, users, profiles


def check_world(spec: dict) -> None:
    _orgs, users, profiles = build(spec)
    # The maintained audience, kept by the writes that built the world, is what the rule derives ...
    assert audience.stored(profiles) == audience.derive(profiles)
    for viewer in [None, *range(N_USERS)]:
        who = AnonymousUser() if viewer is None else User.objects.get(pk=users[viewer].pk)
        got = {profiles[pk] for pk in Profile.objects.visible_to(who).values_list("pk", flat=True)}
        expected = {i for i in profiles.values() if oracle(spec, viewer, i)}
        assert got == expected, viewer
        # ... and read back for a real viewer it says what visible_to says (issue 17 item 1).
        by_audience = {profiles[pk] for pk in audience.visible(Profile.objects.all(), who).values_list("pk", flat=True)}
        assert by_audience == expected, viewer
        # The contact details: the stricter level, and the profile page's flag on a visible row.
        contact = {profiles[pk] for pk in Profile.objects.contact_visible_to(who).values_list("pk", flat=True)}
        flags = dict(Profile.objects.visible_with_contact_flag(who).values_list("pk", "can_contact"))
        assert contact == {i for i in profiles.values() if contact_oracle(spec, viewer, i)}, viewer
        assert {profiles[pk] for pk, flag in flags.items() if flag} == contact, viewer
        assert {profiles[pk] for pk in flags} == expected, viewer


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world)
def test_visible_to_is_the_rule_of_the_design(spec):
    with transaction.atomic():
        check_world(spec)
        transaction.set_rollback(True)
