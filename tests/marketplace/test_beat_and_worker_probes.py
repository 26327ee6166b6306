"""Past one machine: beat sends each periodic task once however many beats run (a Redis lock),
and a worker's liveness is a heartbeat file, not a call to the broker or the database."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta

import pytest
from celery.schedules import schedule

from marketplace import celery as celery_module
from marketplace.celery import LockedScheduler
from marketplace.celery import app as celery_app
from marketplace.celery_probe import is_alive, main

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")


@pytest.fixture
def beats(tmp_path, settings, monkeypatch):
    """Two beats (as two processes would have), with a probe task due every half second."""
    monkeypatch.setattr(celery_module, "HEARTBEAT_FILE", str(tmp_path / "beat-alive"))
    saved = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {"probe": {"task": "probe.tick", "schedule": schedule(timedelta(seconds=0.5))}}
    settings.BEAT_LOCK_TTL = 2
    key = f"klusmarkt:test-beat-lock:{uuid.uuid4().hex}"
    made = []
    for name in ("a", "b"):
        beat = LockedScheduler(app=celery_app, schedule_filename=str(tmp_path / f"beat-{name}"), lazy=False)
        beat.lock_key = key
        beat.sent = []
        beat.apply_entry = lambda entry, producer=None, beat=beat: beat.sent.append(entry.name)
        made.append(beat)
    yield made
    celery_app.conf.beat_schedule = saved
    for beat in made:
        beat.redis.delete(key)


def run(*beats: LockedScheduler, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for beat in beats:
            beat.tick()
        time.sleep(0.1)


@needs_redis
def test_only_one_of_two_beats_sends(beats):
    a, b = beats
    run(a, b, seconds=2.5)
    assert len(a.sent) >= 3
    assert b.sent == []
    assert a.holding and not b.holding
    assert main(["--file", celery_module.HEARTBEAT_FILE, "--max-age", "5"]) == 0, "beat's liveness file is fresh"


@needs_redis
def test_the_second_beat_takes_over_when_the_first_stops(beats):
    a, b = beats
    run(a, b, seconds=1)
    assert a.sent and not b.sent
    a.close()  # a clean stop hands the lock over at once
    run(b, seconds=1.2)
    assert b.sent


@needs_redis
def test_the_second_beat_takes_over_when_the_first_dies(beats):
    a, b = beats
    run(a, b, seconds=1)
    sent_by_a = len(a.sent)
    run(b, seconds=1.2)  # a died: it neither ticks nor releases; its lock is still valid
    assert not b.sent
    run(b, seconds=1.5)  # ... until BEAT_LOCK_TTL (2 s) has passed
    assert b.sent
    assert len(a.sent) == sent_by_a


def test_the_heartbeat_probe_reads_the_files_age(tmp_path):
    beat = tmp_path / "alive"
    assert not is_alive(str(beat), 60)
    beat.touch()
    assert is_alive(str(beat), 60)
    assert not is_alive(str(beat), 60, now=time.time() + 61)
    assert main(["--file", str(beat), "--max-age", "60"]) == 0
    assert main(["--file", str(tmp_path / "missing"), "--max-age", "60"]) == 1


@needs_redis
@pytest.mark.worker
def test_a_running_worker_keeps_its_heartbeat_fresh_and_removes_it_on_stop(tmp_path, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from tests.matching.conftest import celery_broker

    heartbeat = tmp_path / "worker-alive"
    monkeypatch.setattr(celery_module, "HEARTBEAT_FILE", str(heartbeat))
    monkeypatch.setattr(celery_module, "HEARTBEAT_SECONDS", 0.5)
    with celery_broker(REDIS_URL), start_worker(celery_app, pool="solo", perform_ping_check=False):
        time.sleep(0.3)
        first = heartbeat.stat().st_mtime
        time.sleep(1.5)
        assert heartbeat.stat().st_mtime > first
        assert main(["--file", str(heartbeat), "--max-age", "5"]) == 0
    assert not heartbeat.exists()
