"""Issue 15 item 3: a coordinator of an assignment is one of a network it is shared with.

A coordinator at the posting organisation sees an organisation-only assignment as a colleague;
a stale link to their network must not make them a coordinator of its reactions and placements.
"""

from __future__ import annotations

import pytest

from assignments.models import Assignment

pytestmark = pytest.mark.django_db


def interest_url(interest):
    return f"/klussen/{interest.assignment.code}/reacties/{interest.code}/"


def stale_link(assignment, network):
    assignment.networks.add(network)
    Assignment.objects.filter(pk=assignment.pk).update(audience=Assignment.Audience.ORGANISATION)
    assignment.refresh_from_db()


def test_a_colleague_coordinator_does_not_read_reactions_through_a_stale_network_link(
    client, interest, coordinator, network
):
    stale_link(interest.assignment, network)
    client.force_login(coordinator)
    # The colleague sees the assignment itself (same organisation) ...
    assert client.get(f"/klussen/{interest.assignment.code}/").status_code == 200
    # ... but is not a coordinator of it: the reaction answers 404.
    assert client.get(interest_url(interest)).status_code == 404


def test_a_colleague_coordinator_does_not_read_placements_through_a_stale_network_link(
    client, placement, coordinator, network
):
    stale_link(placement.assignment, network)
    client.force_login(coordinator)
    assert client.get(f"/klussen/plaatsingen/{placement.code}/").status_code == 404


def test_the_coordinator_of_a_network_it_is_shared_with_reads_them(client, placement, coordinator, network):
    placement.assignment.networks.add(network)
    Assignment.objects.filter(pk=placement.assignment.pk).update(audience=Assignment.Audience.NETWORKS)
    client.force_login(coordinator)
    assert client.get(f"/klussen/plaatsingen/{placement.code}/").status_code == 200
    assert client.get(interest_url(placement.interest)).status_code == 200


@pytest.mark.parametrize(
    ("audience", "linked", "expected"),
    [
        (Assignment.Audience.NETWORKS, True, True),
        (Assignment.Audience.NETWORKS, False, False),
        (Assignment.Audience.ORGANISATION, True, False),
        (Assignment.Audience.PLATFORM, True, False),
        (Assignment.Audience.PUBLIC, True, False),
    ],
)
def test_is_coordinator_needs_the_networks_audience_and_the_link(
    assignment, coordinator, member, network, audience, linked, expected
):
    from assignments.access import is_coordinator

    if linked:
        assignment.networks.add(network)
    Assignment.objects.filter(pk=assignment.pk).update(audience=audience)
    assignment.refresh_from_db()
    assert is_coordinator(coordinator, assignment) is expected
    assert is_coordinator(member, assignment) is False
    assert Assignment.objects.coordinated_by(coordinator).filter(pk=assignment.pk).exists() is expected
