"""Background work for assignments: closing those past their deadline, checking the filter keys. Idempotent."""

from __future__ import annotations

from celery import shared_task

from assignments import facets
from assignments.services.deadlines import assignments_close_expired


@shared_task
def assignments_close_expired_task() -> int:
    """Close open assignments past their deadline (idempotent; scheduled in marketplace/celery.py)."""
    return assignments_close_expired()


@shared_task(acks_late=True)
def assignments_facet_keys_check_task() -> int:
    """Check every assignment's filter keys against its engagement forms; report and repair drift (nightly)."""
    return facets.repair()
