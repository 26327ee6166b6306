"""Demo data for matching: run the fan-out of every open assignment (idempotent)."""

from __future__ import annotations

from assignments.models import Assignment
from matching.services.alerts import assignment_fanout


def seed(*, verbose: bool = False) -> int:
    """Fan out every open assignment that has not been fanned out; return the matches made."""
    made = 0
    for assignment_id in Assignment.objects.open().values_list("pk", flat=True):
        run = assignment_fanout(assignment_id=assignment_id)
        made += run.matches if run else 0
    if verbose:
        print(f"matching: {made} matches")
    return made
