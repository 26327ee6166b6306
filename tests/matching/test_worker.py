"""With a real Celery worker over Redis (REDIS_URL): publish, digest and fault paths end to end."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from assignments.services.status import assignment_transition
from marketplace.celery import app as celery_app
from marketplace.models import Notification, NotificationPreference
from matching.models import Delivery, FanoutRun, Match
from matching.tasks import daily_digest_task, schedule_fanout
from tests.matching.backends import FlakyEmailBackend
from tests.matching.conftest import CLOSED_PORT_BROKER, celery_broker
from tests.matching.test_fanout import posted, strong

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set"),
    pytest.mark.usefixtures("transactional_db"),
]


@pytest.fixture
def worker():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    with celery_broker(REDIS_URL):
        celery_app.conf.broker_transport_options = {"visibility_timeout": 30}
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def publish(item) -> None:
    """Publish as the publishing service will: the status change, then schedule_fanout on commit."""
    assignment_transition(assignment=item, to="open", actor=None)
    schedule_fanout(item)


def test_it_tells_the_matches_after_publishing(worker, taxonomy):
    english = strong(taxonomy)
    english.user.language = "en"
    english.user.save()
    daily = strong(taxonomy)
    NotificationPreference.objects.create(user=daily.user, matches="daily")
    off = strong(taxonomy)
    NotificationPreference.objects.create(user=off.user, matches="off")
    item = posted(taxonomy, status="draft", published_at=None)
    publish(item)
    wait_for(lambda: FanoutRun.objects.filter(assignment=item, completed_at__isnull=False).exists())
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [english.user.email]
    assert mail.outbox[0].subject.startswith("New assignment for you")
    assert Notification.objects.filter(recipient=english.user, kind="alerts.match").count() == 1
    assert set(Match.objects.values_list("profile_id", "delivery")) == {
        (english.pk, Delivery.NOTIFIED),
        (daily.pk, Delivery.DIGEST),
        (off.pk, Delivery.SKIPPED),
    }
    # The daily digest collects the waiting match; "off" sends nothing.
    daily_digest_task.delay()
    wait_for(lambda: len(mail.outbox) == 2)
    assert mail.outbox[1].to == [daily.user.email]
    assert item.title in mail.outbox[1].body
    time.sleep(1)
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(recipient=off.user).exists()


def test_it_delivers_once_when_smtp_fails_twice(worker, taxonomy, settings):
    settings.EMAIL_BACKEND = "tests.matching.backends.FlakyEmailBackend"
    FlakyEmailBackend.reset(failures=2)
    strong(taxonomy)
    item = posted(taxonomy, status="draft", published_at=None)
    publish(item)
    wait_for(lambda: len(mail.outbox) == 1, timeout=40)
    time.sleep(1)
    assert len(mail.outbox) == 1
    assert FlakyEmailBackend.attempts == 3
    assert Notification.objects.get().email_status == Notification.EmailStatus.SENT


def test_it_publishes_while_the_broker_is_down_and_the_sweep_delivers(taxonomy):
    strong(taxonomy)
    item = posted(taxonomy, status="draft", published_at=None)
    with celery_broker(CLOSED_PORT_BROKER):
        publish(item)  # committed at once (autocommit): the queueing fails and is only logged
    assert not FanoutRun.objects.exists()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    from matching.services.alerts import fanout_sweep

    with celery_broker(REDIS_URL), start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert fanout_sweep(grace_seconds=0) == [item.pk]
        wait_for(lambda: len(mail.outbox) == 1)
    assert FanoutRun.objects.get(assignment=item).completed_at is not None
