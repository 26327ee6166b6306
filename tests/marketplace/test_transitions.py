"""The one transition helper: the table decides, the audit log records, the first arrival is stamped."""

from __future__ import annotations

import pytest

from assignments.models import Assignment
from marketplace.lib.transitions import InvalidTransition, StatusMachine, transition
from marketplace.models import AuditEntry
from placements.models import Interest, Placement
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_model_with_a_status_machine_uses_the_one_helper():
    for model in (Assignment, Interest, Placement):
        assert issubclass(model, StatusMachine)
        assert "can_move_to" not in vars(model), model
        assert set(model.TRANSITIONS) == set(model.Status.values), model


def test_it_moves_records_and_stamps_the_first_opening(owner, organisation):
    assignment = factories.AssignmentFactory(
        organisation=organisation, posted_by=owner, status=Assignment.Status.DRAFT, published_at=None
    )
    locked = transition(assignment, Assignment.Status.OPEN, actor=owner, note="Klaar")
    assert assignment.status == locked.status == Assignment.Status.OPEN
    first_published = assignment.published_at
    assert first_published is not None
    entry = AuditEntry.objects.get(action="assignments.assignment.open")
    assert (entry.actor, entry.from_state, entry.to_state, entry.note) == (owner, "draft", "open", "Klaar")
    transition(assignment, Assignment.Status.CLOSED, actor=owner)
    transition(assignment, Assignment.Status.OPEN, actor=owner)
    assignment.refresh_from_db()
    assert assignment.published_at == first_published


def test_it_refuses_a_move_outside_the_table_with_a_message_and_changes_nothing(owner, organisation):
    assignment = factories.AssignmentFactory(organisation=organisation, posted_by=owner, status="completed")
    with pytest.raises(InvalidTransition, match="cannot become"):
        transition(assignment, Assignment.Status.OPEN, actor=owner)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.COMPLETED
    assert not AuditEntry.objects.exists()
