from __future__ import annotations

import pytest

from assignments.models import Assignment
from demo import networks as network_demo
from demo import placements as demo_workflow
from placements.models import Interest, Placement
from profiles.models import PortfolioEntry

pytestmark = pytest.mark.django_db


def test_it_seeds_reactions_and_placements_at_every_step_and_twice_safely():
    network_demo.seed_organisations()
    network_demo.seed_networks()
    users = network_demo.seed_accounts()
    first = demo_workflow.seed(users)
    assert sum(first.values()) == len(demo_workflow.STEPS)
    statuses = set(Interest.objects.values_list("status", flat=True))
    assert {"new", "shortlisted", "introduction", "declined", "withdrawn", "selected", "not-selected"} <= statuses
    assert set(Placement.objects.values_list("status", flat=True)) == {"preparing", "running", "completed"}
    assert PortfolioEntry.objects.get().is_accepted is True
    assert Assignment.objects.filter(status=Assignment.Status.COMPLETED).count() == 1
    counts = (Interest.objects.count(), Placement.objects.count())
    assert sum(demo_workflow.seed(users).values()) == 0
    assert (Interest.objects.count(), Placement.objects.count()) == counts
