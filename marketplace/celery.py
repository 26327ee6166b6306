"""The Celery application. Without a broker configured, tasks run eagerly in the caller."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job, in one place. Times are Europe/Amsterdam (CELERY_TIMEZONE).
app.conf.beat_schedule = {
    # */5 * * * *: federation: deliver what changed to every linked network on another Klusmarkt.
    "federation-deliver-all": {
        "task": "api.tasks.federation_deliver_all_task",
        "schedule": crontab(minute="*/5"),
    },
    # 30 3 * * *: retention: warn profiles inactive for 24 months, hide them 3 months later.
    "profiles-retention": {
        "task": "profiles.tasks.profiles_retention_task",
        "schedule": crontab(minute=30, hour=3),
    },
    # */5 * * * *: hand notifications whose email was never queued (broker down) to a worker.
    "notifications-dispatch-pending": {
        "task": "marketplace.tasks.notifications_dispatch_pending_task",
        "schedule": crontab(minute="*/5"),
    },
    # 15 * * * *: send consent requests never queued, and remind leidinggevenden after 3 working days.
    "placements-consent-requests-sweep": {
        "task": "placements.tasks.consent_requests_sweep_task",
        "schedule": crontab(minute=15),
    },
    # 7 * * * *: close open assignments whose deadline has passed (hourly, idempotent).
    "assignments-close-expired": {
        "task": "assignments.tasks.assignments_close_expired_task",
        "schedule": crontab(minute=7),
    },
    # */5 * * * *: run the fan-out of published assignments whose fan-out never completed.
    "matching-fanout-sweep": {
        "task": "matching.tasks.fanout_sweep_task",
        "schedule": crontab(minute="*/5"),
    },
    # 0 8 * * *: the daily digest of matches and saved-search hits, at 08:00 Amsterdam time.
    "matching-daily-digest": {
        "task": "matching.tasks.daily_digest_task",
        "schedule": crontab(minute=0, hour=8),
    },
    # 0 8 * * 1: the weekly digest, Mondays at 08:00 Amsterdam time.
    "matching-weekly-digest": {
        "task": "matching.tasks.weekly_digest_task",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}
