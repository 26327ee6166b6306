"""The one construction of an API client's viewer, held against ``visible_to`` and an oracle.

An API client acts for its network: it must see exactly what a verified member of that network
sees, except the organisation-only assignments of the member's own employer (a client has none).
"""

from __future__ import annotations

import itertools

import pytest

from assignments.models import Assignment
from networks.models import Partnership
from networks.selectors import NetworkPrincipal, network_viewer
from tests import factories

pytestmark = pytest.mark.django_db

A = Assignment


@pytest.fixture
def grid(organisation, other_organisation, network):
    """Every audience × status × network (own, partner, unrelated) × share flag, by two organisations."""
    partner = factories.NetworkFactory(slug="partner-netwerk")
    unrelated = factories.NetworkFactory(slug="ander-netwerk")
    Partnership.objects.create(proposer=partner, partner=network, status=Partnership.Status.ACCEPTED)
    proposed = factories.NetworkFactory(slug="voorgesteld")
    Partnership.objects.create(proposer=network, partner=proposed, status=Partnership.Status.PROPOSED)
    poster = factories.employee(organisation)
    rows = []
    combos = itertools.product(
        A.Audience.values,
        [A.Status.DRAFT, A.Status.AWAITING_MODERATION, A.Status.OPEN, A.Status.CLOSED, A.Status.CANCELLED],
        [network, partner, unrelated, proposed],
        [False, True],
        [organisation, other_organisation],
    )
    for audience, status, net, share, org in combos:
        rows.append(
            factories.AssignmentFactory(
                organisation=org,
                posted_by=poster,
                audience=audience,
                status=status,
                share_with_partners=share,
                networks=[net] if audience == A.Audience.NETWORKS else None,
            )
        )
    return {"rows": rows, "partner": partner}


def may_see(assignment: Assignment, network, partners) -> bool:
    """The oracle, written from DESIGN.md's rule for a verified member with no employer of its own."""
    if assignment.status not in A.PUBLISHED:
        return False
    if assignment.audience in (A.Audience.PUBLIC, A.Audience.PLATFORM):
        return True
    if assignment.audience == A.Audience.NETWORKS:
        nets = set(assignment.networks.values_list("pk", flat=True))
        return network.pk in nets or (assignment.share_with_partners and bool(nets & partners))
    return False


def test_it_sees_what_the_oracle_says(grid, network):
    principal = NetworkPrincipal(network)

    seen = set(Assignment.objects.visible_to(principal).values_list("pk", flat=True))

    expected = {a.pk for a in grid["rows"] if may_see(a, network, {grid["partner"].pk})}
    assert seen == expected
    assert len(expected) > 10


def test_it_sees_what_a_verified_member_sees_but_no_organisation_only(grid, network):
    employer = factories.OrganisationFactory(slug="gemeente-zonder-klussen", domain="zonder.nl")
    member = factories.employee(employer)
    factories.MembershipFactory(user=member, network=network)

    as_client = set(Assignment.objects.visible_to(NetworkPrincipal(network)).values_list("pk", flat=True))
    as_member = set(Assignment.objects.visible_to(member).values_list("pk", flat=True))

    assert as_client == as_member


def test_it_never_sees_organisation_only_assignments(grid, network, organisation):
    # An employee of ``organisation`` in the network would see these; the client never does.
    seen = Assignment.objects.visible_to(NetworkPrincipal(network)).filter(audience=A.Audience.ORGANISATION)

    assert not seen.exists()


def test_its_partners_are_accepted_partnerships_only(grid, network):
    viewer = network_viewer(network)

    assert viewer.partner_network_ids == {grid["partner"].pk}
    assert viewer.network_ids == {network.pk}
    assert viewer.is_verified
    assert not viewer.is_authenticated


def test_it_costs_one_query(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        network_viewer(network)
