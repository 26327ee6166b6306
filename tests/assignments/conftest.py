"""The visibility cast for assignments: every kind of viewer and one assignment per case.

Networks: ``zpp`` (moderates, posting by members; the posting organisation participates),
``partner`` (an accepted partner of zpp), ``other`` (unrelated), ``wiw`` (employees of its
municipality are members automatically, like Werken in het Westen).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assignments.models import Assignment
from assignments.services import assignment_search_refresh
from networks.models import Membership, Network, Partnership
from tests import factories

S = Assignment.Status
A = Assignment.Audience

# key: (audience, status, network keys, share with partners)
CASES = {
    "public": (A.PUBLIC, S.OPEN, [], False),
    "platform": (A.PLATFORM, S.OPEN, [], False),
    "organisation": (A.ORGANISATION, S.OPEN, [], False),
    "zpp": (A.NETWORKS, S.OPEN, ["zpp"], False),
    "zpp_shared": (A.NETWORKS, S.OPEN, ["zpp"], True),
    "wiw": (A.NETWORKS, S.OPEN, ["wiw"], False),
    "closed_public": (A.PUBLIC, S.CLOSED, [], False),
    "draft": (A.PUBLIC, S.DRAFT, [], False),
    "moderation": (A.NETWORKS, S.AWAITING_MODERATION, ["zpp"], False),
    "cancelled": (A.PUBLIC, S.CANCELLED, [], False),
    # A stale network link on an organisation-only assignment must not leak to the network.
    "organisation_stale_network": (A.ORGANISATION, S.OPEN, ["zpp"], False),
}
OPEN = {key for key, case in CASES.items() if case[1] == S.OPEN}
PUBLIC_SEEN = {"public", "closed_public"}
PLATFORM_SEEN = PUBLIC_SEEN | {"platform"}

# What each viewer may open (detail); lists, counts and search show the open ones of these.
EXPECTED = {
    "anonymous": PUBLIC_SEEN,
    "visitor": PUBLIC_SEEN,
    "org_employee": PLATFORM_SEEN | {"organisation", "organisation_stale_network"},
    "member": PLATFORM_SEEN | {"zpp", "zpp_shared"},
    "wiw_employee": PLATFORM_SEEN | {"wiw"},
    "suspended": PLATFORM_SEEN,
    "partner_member": PLATFORM_SEEN | {"zpp_shared"},
    "other_member": PLATFORM_SEEN,
    "coordinator": PLATFORM_SEEN | {"zpp", "zpp_shared", "moderation"},
    "poster": set(CASES),
    "co_owner": set(CASES),
}
VIEWERS = list(EXPECTED)


def make_assignment(cast: SimpleNamespace, key: str, **kwargs: object) -> Assignment:
    audience, status, network_keys, share = CASES[key]
    kwargs.setdefault("title", f"Kanarie {key.replace('_', ' ')} klus")
    assignment = factories.AssignmentFactory(
        organisation=cast.org_post,
        posted_by=cast.poster,
        audience=audience,
        status=status,
        share_with_partners=share,
        networks=[cast.networks[k] for k in network_keys],
        **kwargs,
    )
    assignment.co_owners.add(cast.co_owner)
    # Factories skip the services, so keep the stored search vector (PostgreSQL) up to date here.
    assignment_search_refresh(assignment_ids=[assignment.pk])
    return assignment


@pytest.fixture
def cast(db):
    org_post = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    org_other = factories.OrganisationFactory(name="Gemeente Breda", slug="gemeente-breda", domain="breda.nl")
    org_w = factories.OrganisationFactory(name="Gemeente Leiden", slug="gemeente-leiden", domain="leiden.nl")
    networks = {
        "zpp": factories.NetworkFactory(
            name="ZPP Brabant", slug="zpp-brabant", moderates_assignments=True, posting_policy="members"
        ),
        "partner": factories.NetworkFactory(name="Partnernetwerk", slug="partnernetwerk"),
        "other": factories.NetworkFactory(name="Ander netwerk", slug="ander-netwerk"),
        "wiw": factories.NetworkFactory(
            name="Werken in het Westen", slug="werken-in-het-westen", employees_are_members=True
        ),
    }
    factories.ParticipationFactory(network=networks["zpp"], organisation=org_post)
    factories.ParticipationFactory(network=networks["wiw"], organisation=org_w)
    Partnership.objects.create(
        proposer=networks["zpp"], partner=networks["partner"], status=Partnership.Status.ACCEPTED
    )

    def member_of(key: str, email: str, org=org_other, **kwargs: object):
        user = factories.employee(org, user__email=email)
        factories.MembershipFactory(user=user, network=networks[key], **kwargs)
        return user

    ns = SimpleNamespace(org_post=org_post, org_other=org_other, org_w=org_w, networks=networks)
    ns.users = {
        "anonymous": None,
        "visitor": factories.UserFactory(email="visitor@example.com"),
        "org_employee": factories.employee(org_post, user__email="collega@tilburg.nl"),
        "member": member_of("zpp", "member@breda.nl"),
        "wiw_employee": factories.employee(org_w, user__email="medewerker@leiden.nl"),
        "suspended": member_of("zpp", "suspended@breda.nl", status=Membership.Status.SUSPENDED),
        "partner_member": member_of("partner", "partner@breda.nl"),
        "other_member": member_of("other", "other@breda.nl"),
        "coordinator": member_of("zpp", "coordinator@breda.nl", role=Membership.Role.COORDINATOR),
        "poster": member_of("zpp", "poster@tilburg.nl", org=org_post),
        "co_owner": factories.employee(org_post, user__email="co-owner@tilburg.nl"),
    }
    ns.poster, ns.co_owner = ns.users["poster"], ns.users["co_owner"]
    ns.coordinator, ns.member = ns.users["coordinator"], ns.users["member"]
    return ns


@pytest.fixture
def assignments(cast):
    return {key: make_assignment(cast, key) for key in CASES}


@pytest.fixture
def as_viewer(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


def network_of(cast: SimpleNamespace, key: str) -> Network:
    return cast.networks[key]
