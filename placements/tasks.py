"""Background jobs of the placement workflow: the emails to the leidinggevende and their reminders."""

from __future__ import annotations

import smtplib

from celery import shared_task

from placements.services import consent, homecoming


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def consent_request_send_task(consent_id: int, reminder: bool = False) -> bool:
    return consent.consent_request_send(consent_id=consent_id, reminder=reminder)


@shared_task
def consent_requests_sweep_task() -> dict[str, int]:
    return consent.consent_requests_sweep()


@shared_task
def home_feedback_sweep_task() -> int:
    return homecoming.home_feedback_sweep()
