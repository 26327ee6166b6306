"""The Celery application. Without a broker configured, tasks run eagerly in the caller.

Past one machine: any number of workers, and beat exactly once. Beat's ``LockedScheduler`` sends
periodic tasks only while it holds a lock in Redis, so a second beat (started by mistake, or
overlapping during a rollout) waits instead of sending every digest twice; the Kubernetes
deployment also runs beat as one replica with the Recreate strategy. Each worker touches a
heartbeat file that its liveness probe reads (``marketplace.celery_probe``).
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Any

from celery import Celery, bootsteps
from celery.beat import PersistentScheduler
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
    # 45 3 * * *: the profiles' maintained audience against the visibility rule: report and repair drift.
    "profiles-audience-check": {
        "task": "profiles.tasks.profiles_audience_check_task",
        "schedule": crontab(minute=45, hour=3),
    },
    # 50 3 * * *: the memberships' copy of the member's employer against the employments: repair drift.
    "networks-employers-check": {
        "task": "networks.tasks.networks_employers_check_task",
        "schedule": crontab(minute=50, hour=3),
    },
    # 55 3 * * *: the assignments' filter keys against their engagement forms: report and repair drift.
    "assignments-facet-keys-check": {
        "task": "assignments.tasks.assignments_facet_keys_check_task",
        "schedule": crontab(minute=55, hour=3),
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
    # 45 9 * * *: remind home leidinggevenden once, a week after they were asked what a placement brought.
    "placements-home-feedback-sweep": {
        "task": "placements.tasks.home_feedback_sweep_task",
        "schedule": crontab(minute=45, hour=9),
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


HEARTBEAT_FILE = os.environ.get("CELERY_HEARTBEAT_FILE", "/tmp/klusmarkt-worker-alive")  # noqa: S108
HEARTBEAT_SECONDS = 15.0
logger = logging.getLogger(__name__)


class HeartbeatFile(bootsteps.StartStopStep):
    """Touch HEARTBEAT_FILE every 15 s from the worker's own timer: a stuck worker stops touching it."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.path = Path(HEARTBEAT_FILE)
        self.tref: Any = None

    def start(self, worker: Any) -> None:
        self.touch()
        self.tref = worker.timer.call_repeatedly(HEARTBEAT_SECONDS, self.touch)

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
        self.path.unlink(missing_ok=True)

    def terminate(self, worker: Any) -> None:
        self.stop(worker)

    def touch(self) -> None:
        self.path.touch()


app.steps["worker"].add(HeartbeatFile)

# Take the lock if it is free, or renew it if it is ours; atomically.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class LockedScheduler(PersistentScheduler):
    """Beat that sends periodic tasks only while it holds ``BEAT_LOCK_KEY`` in Redis.

    The lock expires ``BEAT_LOCK_TTL`` seconds after the holder's last tick, so when the holder
    dies another beat takes over within that time; a live holder renews it every third of it.
    """

    lock_key = "klusmarkt:beat-lock"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import redis
        from django.conf import settings

        url = settings.REDIS_URL or settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://")):
            raise RuntimeError("LockedScheduler needs Redis (REDIS_URL or a redis:// CELERY_BROKER_URL)")
        self.lock_ttl = settings.BEAT_LOCK_TTL
        self.lock_token = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex}"
        self.redis = redis.Redis.from_url(url)
        self.holding: bool | None = None  # unknown: the first tick logs either way
        super().__init__(*args, **kwargs)

    def hold_lock(self) -> bool:
        holding = bool(self.redis.eval(_ACQUIRE, 1, self.lock_key, self.lock_token, int(self.lock_ttl * 1000)))
        if holding != self.holding:
            logger.info("beat %s the lock %s", "holds" if holding else "waits for", self.lock_key)
        self.holding = holding
        return holding

    def tick(self, *args: Any, **kwargs: Any) -> float:
        # Beat's liveness: the same heartbeat file as a worker's, touched on every tick.
        Path(HEARTBEAT_FILE).touch()
        if not self.hold_lock():
            return self.lock_ttl / 3
        return min(super().tick(*args, **kwargs), self.lock_ttl / 3)

    def close(self) -> None:
        try:
            self.redis.eval(_RELEASE, 1, self.lock_key, self.lock_token)
        finally:
            super().close()
