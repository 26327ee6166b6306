"""Closing assignments whose deadline has passed (run by Celery beat, see marketplace/celery.py)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from assignments.services.status import assignment_transition


def assignments_close_expired(*, today: datetime.date | None = None) -> int:
    """Close every open assignment whose deadline has passed; safe to run again at any time.

    Each one closes in its own transaction, so one failure does not undo the others.
    """
    today = today or timezone.localdate()
    ids = list(
        Assignment.objects.filter(status=Assignment.Status.OPEN, deadline__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    closed = 0
    for pk in ids:
        with transaction.atomic():
            assignment = Assignment.objects.select_for_update().filter(pk=pk, status=Assignment.Status.OPEN).first()
            if assignment is None:
                continue
            assignment_transition(
                assignment=assignment, to=Assignment.Status.CLOSED, actor=None, note=_("The deadline has passed.")
            )
            closed += 1
    return closed
