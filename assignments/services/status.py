"""The one place where an assignment changes status."""

from __future__ import annotations

from django.db import transaction

from assignments.models import Assignment
from marketplace.lib.transitions import InvalidTransition, transition
from marketplace.models import User

__all__ = ["InvalidTransition", "assignment_transition"]


@transaction.atomic
def assignment_transition(*, assignment: Assignment, to: str, actor: User | None, note: str = "") -> Assignment:
    """Move ``assignment`` to status ``to`` if ``Assignment.TRANSITIONS`` allows it.

    Locks the row, stamps ``published_at`` when it first opens, records the change in the audit
    log, and raises ``InvalidTransition`` with a message for the user when the move is not allowed.
    """
    return transition(assignment, to, actor=actor, note=note)
