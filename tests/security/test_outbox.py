"""Durable notifications: the Notification row is the outbox (SECURITY-CHECKS F2-F5; issue 9 item 7).

- Redis down at publish time: the committed change stands, the row stays pending.
- The sweep re-queues stale pending rows; a real worker then delivers each exactly once.
- SMTP timing out, then working: delivered once; attempts are counted.
- Two concurrent sends of one notification send one email (PostgreSQL row lock).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from marketplace import services
from marketplace.celery import app
from marketplace.models import Notification
from marketplace.services import notification_send_email, notifications_dispatch_pending, notify
from tests.security.backends import FlakyBackend

CLOSED_BROKER = "redis://127.0.0.1:1/0"
REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]


def _use_broker(url: str) -> None:
    """Point the Celery app at ``url`` and drop pooled connections to the previous broker."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker() -> Iterator[None]:
    """Publish for real (eager off); restore the test configuration afterwards."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = saved[1]
    _use_broker(saved[0])


@pytest.fixture
def outbox_templates(settings):
    from tests.security.test_input import PROBE_TEMPLATES

    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [("django.template.loaders.locmem.Loader", PROBE_TEMPLATES)],
            },
        }
    ]


def _notify_in_committed_transaction(recipient) -> Notification:
    with transaction.atomic():
        return notify(recipient=recipient, kind="probe", template="probe", context={"title": "Klus"})


def _age(notification: Notification, minutes: int = 10) -> None:
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - dt.timedelta(minutes=minutes))


def _status(notification: Notification) -> str:
    notification.refresh_from_db()
    return notification.email_status


# Redis down --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_committed_notification_pending_when_the_broker_is_down(real_broker, outbox_templates, member):
    _use_broker(CLOSED_BROKER)
    started = time.monotonic()

    notification = _notify_in_committed_transaction(member)  # must not raise

    assert time.monotonic() - started < 5
    assert _status(notification) == Notification.EmailStatus.PENDING
    assert mail.outbox == []


@pytest.mark.worker
@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)")
@pytest.mark.django_db(transaction=True)
def test_it_delivers_exactly_once_after_the_broker_returns(real_broker, outbox_templates, member):
    _use_broker(CLOSED_BROKER)
    notification = _notify_in_committed_transaction(member)
    assert _status(notification) == Notification.EmailStatus.PENDING

    _use_broker(REDIS_URL)
    app.control.purge()
    # A fresh notification is not swept (its own dispatch may still be on the way).
    assert notifications_dispatch_pending() == 0
    _age(notification)
    with _worker():
        assert notifications_dispatch_pending() == 1
        _wait_for(lambda: _status(notification) == Notification.EmailStatus.SENT)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [member.email]

        # A second sweep finds nothing, and nothing more is sent.
        assert notifications_dispatch_pending() == 0
        app.send_task("marketplace.tasks.send_notification_email_task", args=[notification.pk])
        time.sleep(1.5)
    assert len(mail.outbox) == 1


def _close_thread_connections(**kwargs: object) -> None:
    # The embedded worker runs tasks in its own thread with its own connection; close it so the
    # test database can be flushed and dropped.
    connections.close_all()


class _worker:
    def __enter__(self) -> None:
        task_postrun.connect(_close_thread_connections, weak=False)
        self._cm = start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING")
        self._cm.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)
        task_postrun.disconnect(_close_thread_connections)


def _wait_for(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


# SMTP timing out ----------------------------------------------------------------------------------


@pytest.fixture
def black_hole_smtp() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung SMTP server)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    yield server.getsockname()[1]
    server.close()


@pytest.mark.django_db
def test_it_gives_up_on_a_hung_smtp_server_within_email_timeout_then_delivers_once(
    settings, outbox_templates, member, black_hole_smtp, django_capture_on_commit_callbacks
):
    notification = notify(recipient=member, kind="probe", template="probe", context={"title": "Klus"})
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", black_hole_smtp, False
    settings.EMAIL_TIMEOUT = 1

    started = time.monotonic()
    with pytest.raises(OSError):
        notification_send_email(notification_id=notification.pk)
    assert time.monotonic() - started < 5
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (Notification.EmailStatus.PENDING, 1)

    # SMTP works again: the sweep delivers it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _age(notification)
    assert notifications_dispatch_pending() == 1
    assert notifications_dispatch_pending() == 0
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (Notification.EmailStatus.SENT, 2)


def test_it_retries_smtp_failures_with_backoff():
    from marketplace.tasks import send_notification_email_task as task

    assert OSError in task.autoretry_for  # TimeoutError and ConnectionRefusedError are OSErrors
    assert smtplib.SMTPException in task.autoretry_for
    assert task.retry_backoff is True
    assert task.max_retries >= 5
    assert task.acks_late is True


@pytest.mark.worker
@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)")
@pytest.mark.django_db(transaction=True)
def test_it_retries_a_timed_out_send_in_a_worker_and_delivers_once(real_broker, settings, outbox_templates, member):
    settings.EMAIL_BACKEND = "tests.security.backends.FlakyBackend"
    FlakyBackend.failures = 2
    _use_broker(REDIS_URL)
    app.control.purge()
    with _worker():
        notification = _notify_in_committed_transaction(member)
        _wait_for(lambda: _status(notification) == Notification.EmailStatus.SENT, timeout=30)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 3


@pytest.mark.django_db
def test_it_marks_the_email_failed_after_the_last_attempt(settings, outbox_templates, member):
    settings.EMAIL_BACKEND = "tests.security.backends.FlakyBackend"
    FlakyBackend.failures = 1
    notification = notify(recipient=member, kind="probe", template="probe", context={"title": "Klus"})
    Notification.objects.filter(pk=notification.pk).update(email_attempts=services.EMAIL_MAX_ATTEMPTS - 1)

    assert notification_send_email(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert notifications_dispatch_pending(older_than_seconds=0) == 0


# Idempotency ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sends_a_notification_once_however_often_the_task_runs(outbox_templates, member):
    notification = notify(recipient=member, kind="probe", template="probe", context={"title": "Klus"})
    assert notification_send_email(notification_id=notification.pk) is True
    assert notification_send_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_workers_send_the_same_notification_at_once(settings, outbox_templates, member):
    settings.EMAIL_BACKEND = "tests.security.backends.SlowBackend"
    # Written directly: notify() in autocommit mode would dispatch (eagerly) at once.
    notification = Notification.objects.create(recipient=member, kind="probe", subject="Klus", body="Klus")
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def send() -> None:
        barrier.wait()
        try:
            results.append(notification_send_email(notification_id=notification.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


# A worker killed mid-send -------------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Real `celery worker` processes (prefork, one child) on the test database, mailing to files."""

    def __init__(self, tmp_path: Path) -> None:
        self.log = tmp_path / "sends.log"
        self.log.touch()
        self.mail = tmp_path / "mail"
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_VISIBILITY_TIMEOUT": "10",
            "EMAIL_BACKEND": "tests.security.backends.SlowFileBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "OUTBOX_TEST_LOG": str(self.log),
            "SLOW_EMAIL_SECONDS": "3",
        }
        command = [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "-c", "1", "-P", "prefork"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]
        stderr = (self.tmp_path / f"worker{len(self.processes)}.err").open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        self.processes.append(process)
        return process

    def starts(self) -> list[int]:
        return _starts(self.log)

    def emails(self) -> int:
        return len(list(self.mail.iterdir())) if self.mail.exists() else 0

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture
def workers(tmp_path) -> Iterator[Workers]:
    workers = Workers(tmp_path)
    yield workers
    workers.stop()


def _starts(log: Path) -> list[int]:
    return [int(line.split()[1]) for line in log.read_text().splitlines() if line.startswith("start ")]


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared PostgreSQL database")
@pytest.mark.django_db(transaction=True)
def test_it_delivers_once_when_the_worker_is_killed_mid_send(real_broker, workers, member):
    notification = Notification.objects.create(recipient=member, kind="probe", subject="Klus", body="Klus")
    _use_broker(REDIS_URL)
    app.control.purge()
    workers.start()

    app.send_task("marketplace.tasks.send_notification_email_task", args=[notification.pk])
    _wait_for(lambda: len(workers.starts()) == 1, timeout=60)
    os.kill(workers.starts()[0], signal.SIGKILL)

    # task_acks_late + task_reject_on_worker_lost: the message goes back to the queue, a new
    # pool process sends it; the killed attempt's transaction was rolled back.
    _wait_for(lambda: _status(notification) == Notification.EmailStatus.SENT, timeout=60)
    starts = workers.starts()
    assert len(starts) == 2
    assert starts[0] != starts[1]
    assert workers.emails() == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1  # the killed attempt left no trace but its log line


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared PostgreSQL database")
@pytest.mark.django_db(transaction=True)
def test_it_delivers_once_when_the_whole_worker_dies_mid_send(real_broker, workers, member):
    notification = Notification.objects.create(recipient=member, kind="probe", subject="Klus", body="Klus")
    _use_broker(REDIS_URL)
    app.control.purge()
    first = workers.start()

    app.send_task("marketplace.tasks.send_notification_email_task", args=[notification.pk])
    _wait_for(lambda: len(workers.starts()) == 1, timeout=60)
    os.kill(workers.starts()[0], signal.SIGKILL)
    first.kill()  # the main process too: nobody is left to requeue the message
    first.wait(timeout=10)
    assert _status(notification) == Notification.EmailStatus.PENDING

    # A new worker, and the periodic sweep: the row is still pending, so it is queued again.
    # Redis may also redeliver the original message after the visibility timeout; either way
    # the row lock and the status check let only one send through.
    workers.start()
    _age(notification)
    assert notifications_dispatch_pending() == 1
    _wait_for(lambda: _status(notification) == Notification.EmailStatus.SENT, timeout=60)
    time.sleep(2)
    assert workers.emails() == 1


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared PostgreSQL database")
@pytest.mark.django_db(transaction=True)
def test_it_delivers_a_batch_once_each_when_the_worker_is_killed_on_its_first_message(real_broker, workers, member):
    """The batch sender claims the batch in one transaction: a kill rolls the claim back, nothing is lost.

    Killed while the first message is on its way (before the server accepted it), the batch is
    redelivered and sent whole by a new pool process, each message once.
    """
    notifications = [
        Notification.objects.create(recipient=member, kind="probe", subject=f"Klus {n}", body="Klus") for n in range(3)
    ]
    _use_broker(REDIS_URL)
    app.control.purge()
    workers.start()

    app.send_task("matching.tasks.send_alert_emails_task", args=[[n.pk for n in notifications]])
    _wait_for(lambda: len(workers.starts()) == 1, timeout=60)
    os.kill(workers.starts()[0], signal.SIGKILL)

    _wait_for(lambda: all(_status(n) == Notification.EmailStatus.SENT for n in notifications), timeout=60)
    # The file backend writes one file per connection (the killed one's is empty), so count subjects.
    subjects = [
        line
        for file in workers.mail.iterdir()
        for line in file.read_text().splitlines()
        if line.startswith("Subject: Klus")
    ]
    assert sorted(subjects) == ["Subject: Klus 0", "Subject: Klus 1", "Subject: Klus 2"]
    assert len(workers.starts()) == 1 + 3
    assert {n.email_attempts for n in Notification.objects.all()} == {1}
