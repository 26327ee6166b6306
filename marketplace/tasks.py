from __future__ import annotations

import smtplib

from celery import shared_task

from marketplace import services


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_notification_email_task(self, notification_id: int) -> bool:
    return services.notification_send_email(notification_id=notification_id)


@shared_task
def notifications_dispatch_pending_task() -> int:
    return services.notifications_dispatch_pending()
