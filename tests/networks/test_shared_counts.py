"""Issue 15 item 4: a network's counts take only assignments still shared with it.

An assignment that keeps a stale network link after its audience changed to the organisation
(or platform, or public) is no longer the network's: its coordinators' figures leave it out.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from assignments.models import Assignment
from assignments.network_hooks import assignments_per_month, assignments_per_organisation
from networks.agreement.ledger import period_from
from placements.registrations import placements_per_month, reactions_per_month
from placements.services import interest_create, interest_select
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_and_stale(organisation, owner, network, other_organisation):
    shared = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=owner,
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        published_at=timezone.now(),
    )
    stale = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=owner,
        audience=Assignment.Audience.ORGANISATION,
        networks=[network],
        published_at=timezone.now(),
    )
    for assignment in (shared, stale):
        professional = factories.employee(organisation)
        interest = interest_create(
            assignment=assignment, professional=professional, motivation="Graag.", availability="Nu."
        )
        interest_select(interest=interest, actor=owner)
    return shared, stale


def this_month():
    return [timezone.localdate().replace(day=1)]


def test_give_and_take_counts_only_assignments_shared_with_the_network(shared_and_stale, network, organisation):
    assert assignments_per_organisation(network, [organisation.pk], period_from(None)) == {organisation.pk: 1}


def test_monthly_series_count_only_assignments_shared_with_the_network(shared_and_stale, network):
    months = this_month()
    assert assignments_per_month(network, months) == [1]
    assert reactions_per_month(network, months) == [1]
    assert placements_per_month(network, months) == [1]
