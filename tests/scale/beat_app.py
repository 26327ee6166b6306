"""The project's Celery app with one extra periodic entry, for the several-instance check only:
a probe every second, sent to a queue no worker reads, so the test can count what beat sent.
Only the beat subprocesses import it: importing it replaces the app's schedule."""

from __future__ import annotations

from marketplace.celery import app
from tests.scale.backends import PROBE_QUEUE

app.conf.beat_schedule = {
    "scale-probe": {"task": "scale.probe", "schedule": 1.0, "options": {"queue": PROBE_QUEUE}},
}

__all__ = ["PROBE_QUEUE", "app"]
