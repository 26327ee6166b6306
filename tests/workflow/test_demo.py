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


def test_it_seeds_what_placements_brought_home_and_an_admitted_independent():
    from demo import homecoming
    from networks.models import IndependentAdmission, Organisation
    from placements.learning import HomeFeedbackRequest, LearningRecord
    from placements.summaries import closed_periods, network_summaries, organisation_summaries

    network_demo.seed_organisations()
    networks = network_demo.seed_networks()
    users = network_demo.seed_accounts()
    demo_workflow.seed(users)
    homecoming.seed(users)
    homecoming.seed(users)  # twice: nothing new

    sanne = Placement.objects.get(professional=users["professional"], status="completed")
    assert LearningRecord.objects.filter(placement=sanne).exists()
    assert HomeFeedbackRequest.objects.get(placement=sanne).status == "answered"
    periods = closed_periods()
    tilburg = Organisation.objects.get(slug="gemeente-tilburg")
    assert organisation_summaries(tilburg, periods)[0].learning.shown
    assert network_summaries(networks["zpp-brabant"], periods)[0].feedback.shown
    admission = IndependentAdmission.objects.get(user__email="marieke.demo@example.org")
    assert admission.network.slug == "zpp-brabant" and admission.intermediary
    assert LearningRecord.objects.count() == len(homecoming.HISTORY) + 1
