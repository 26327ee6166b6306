"""Background work for assignments: closing those past their deadline. Tasks take ids and are idempotent."""

from __future__ import annotations

from celery import shared_task

from assignments.services.deadlines import assignments_close_expired


@shared_task
def assignments_close_expired_task() -> int:
    """Close open assignments past their deadline (idempotent; scheduled in marketplace/celery.py)."""
    return assignments_close_expired()
