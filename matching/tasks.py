"""Background work of matching: the fan-out, alert emails and digests. Tasks take ids and are idempotent."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.db import transaction

from assignments.models import Assignment
from marketplace.models import NotificationPreference
from marketplace.services import notifications_send_batch
from matching.services import alerts, digests

logger = logging.getLogger(__name__)


def schedule_fanout(assignment: Assignment) -> None:
    """After the surrounding transaction commits, queue the fan-out of ``assignment``.

    Call it from the publish service. Costs no queries; a broker error is logged, never raised:
    the periodic sweep (``fanout_sweep_task``) runs every fan-out that has not completed.
    """
    assignment_id = assignment.pk
    transaction.on_commit(lambda: _enqueue_fanout(assignment_id))


def _enqueue_fanout(assignment_id: int) -> None:
    try:
        # Fail fast when the broker refuses: the request must not hang; the sweep covers it.
        assignment_fanout_task.apply_async(
            (assignment_id,), retry=True, retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
        )
    except Exception:  # noqa: BLE001 - any broker error: the sweep runs the fan-out later.
        logger.warning("Could not queue the fan-out of assignment %s; the sweep will run it", assignment_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def assignment_fanout_task(assignment_id: int) -> int:
    """Find and tell the matches of a published assignment; safe to run twice or concurrently."""
    run = alerts.assignment_fanout(assignment_id=assignment_id)
    return run.matches if run else 0


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_alert_emails_task(notification_ids: list[int]) -> int:
    """Send a batch of alert emails over one SMTP connection, retried with backoff.

    The sender checks visibility again first (``alerts.alerts_still_allowed``, registered as the
    outbox's check for alerts): no one is mailed about an assignment they can no longer see.
    """
    return notifications_send_batch(notification_ids=notification_ids)


@shared_task(acks_late=True)
def fanout_sweep_task() -> int:
    return len(alerts.fanout_sweep())


@shared_task(acks_late=True)
def daily_digest_task() -> int:
    return digests.alerts_send_digests(pace=NotificationPreference.Pace.DAILY)


@shared_task(acks_late=True)
def weekly_digest_task() -> int:
    return digests.alerts_send_digests(pace=NotificationPreference.Pace.WEEKLY)
