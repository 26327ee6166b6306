"""The project's Celery app with one extra periodic entry, for the several-instance check only:
a probe every second, sent to a queue no worker reads, so the test can count what beat sent."""

from __future__ import annotations

from marketplace.celery import app

PROBE_QUEUE = "klusmarkt-scale-beat-probe"
app.conf.beat_schedule = {
    "scale-probe": {"task": "scale.probe", "schedule": 1.0, "options": {"queue": PROBE_QUEUE}},
}

__all__ = ["PROBE_QUEUE", "app"]
