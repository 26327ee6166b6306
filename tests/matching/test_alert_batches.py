"""The fan-out and its email batches cost a fixed number of queries; a re-run sends nothing twice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Assignment
from marketplace.models import Notification
from marketplace.services import notifications_dispatch_pending, notifications_send_batch
from matching.models import Delivery, FanoutRun, Match
from matching.services.alerts import assignment_fanout
from matching.tasks import send_alert_emails_task
from tests.matching.backends import BreaksMidBatchBackend, WorkerKilled
from tests.matching.test_fanout import posted, strong

pytestmark = pytest.mark.django_db

# Measured, the same on SQLite and PostgreSQL. The fan-out of one candidate batch with its one
# email batch: the run (get or create, count the attempt); per step the run's lock, the status,
# the assignment's facts (one UNION ALL), then the candidates (1 + 1 facts) and the matches
# (insert, lock the new ones with their person and pace, insert the notifications, one update);
# the saved-search step, the completion and its audit entry; the savepoints. The email batch:
# the claim, the visibility check (assignment, facts, who may see it), one update marking the
# batch sent, and its savepoint. 55 before the facts and the visibility check were one query each.
FANOUT_QUERIES = 40
SEND_QUERIES = 9
Sent = Notification.EmailStatus.SENT
Pending = Notification.EmailStatus.PENDING


def _fanout_queries(taxonomy, capture) -> tuple[int, Assignment]:
    item = posted(taxonomy)
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        assignment_fanout(assignment_id=item.pk)
    return len(queries.captured_queries), item


def test_it_fans_out_40_matches_with_the_queries_of_10(taxonomy, django_capture_on_commit_callbacks):
    for _ in range(10):
        strong(taxonomy)
    _fanout_queries(taxonomy, django_capture_on_commit_callbacks)  # warms the per-process caches (content types)
    ten, first = _fanout_queries(taxonomy, django_capture_on_commit_callbacks)
    for _ in range(30):
        strong(taxonomy)
    forty, second = _fanout_queries(taxonomy, django_capture_on_commit_callbacks)

    assert Match.objects.filter(assignment=first, delivery=Delivery.NOTIFIED).count() == 10
    assert Match.objects.filter(assignment=second, delivery=Delivery.NOTIFIED).count() == 40
    assert Notification.objects.filter(email_status=Sent).count() == len(mail.outbox) == 10 + 10 + 40
    assert ten == forty == FANOUT_QUERIES


def _pending_alerts(taxonomy, capture, n: int) -> list[int]:
    """Alerts for ``n`` new people and everyone before them, left pending (their task never ran)."""
    for _ in range(n):
        strong(taxonomy)
    item = posted(taxonomy)
    with capture(execute=False):
        assignment_fanout(assignment_id=item.pk)
    return list(Match.objects.filter(assignment=item).values_list("notification_id", flat=True))


def test_it_sends_a_batch_of_40_with_the_queries_of_10(taxonomy, django_capture_on_commit_callbacks):
    ten = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 10)
    forty = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 30)  # the first ten match again
    assert len(ten) == 10 and len(forty) == 40

    with CaptureQueriesContext(connection) as ten_queries:
        assert notifications_send_batch(notification_ids=ten) == 10
    with CaptureQueriesContext(connection) as forty_queries:
        assert notifications_send_batch(notification_ids=forty) == 40

    assert len(ten_queries.captured_queries) == len(forty_queries.captured_queries) == SEND_QUERIES
    assert len(mail.outbox) == 50
    assert set(Notification.objects.values_list("email_status", "email_attempts")) == {(Sent, 1)}


def test_it_sends_nothing_twice_when_a_batch_runs_again(taxonomy, django_capture_on_commit_callbacks):
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 5)
    assert send_alert_emails_task.delay(ids).get() == 5
    assert send_alert_emails_task.delay(ids).get() == 0  # redelivered after it completed
    assert notifications_send_batch(notification_ids=ids) == 0
    assert len(mail.outbox) == 5


def test_it_keeps_what_was_sent_when_smtp_breaks_mid_batch_and_sends_only_the_rest(
    taxonomy, settings, django_capture_on_commit_callbacks
):
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 5)
    settings.EMAIL_BACKEND = "tests.matching.backends.BreaksMidBatchBackend"
    BreaksMidBatchBackend.reset(break_at=3)

    with pytest.raises(Exception, match="test double"):
        notifications_send_batch(notification_ids=ids)
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(email_status=Sent).count() == 2

    assert notifications_send_batch(notification_ids=ids) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Notification.objects.filter(pk__in=ids).values_list("recipient__email", flat=True)
    )
    assert set(Notification.objects.values_list("email_status", "email_attempts")) == {(Sent, 1)}


def test_it_loses_nothing_when_the_worker_dies_mid_batch(taxonomy, settings, django_capture_on_commit_callbacks):
    """A killed worker rolls its claim back: the batch goes out again, at least once each.

    The trade-off of marking a batch in one statement: the messages the server accepted before
    the kill (two here) are sent again with the rest.
    """
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 5)
    settings.EMAIL_BACKEND = "tests.matching.backends.BreaksMidBatchBackend"
    BreaksMidBatchBackend.reset(break_at=3, fatal=True)

    with pytest.raises(WorkerKilled):
        notifications_send_batch(notification_ids=ids)
    assert set(Notification.objects.values_list("email_status", "email_attempts")) == {(Pending, 0)}

    assert notifications_send_batch(notification_ids=ids) == 5
    recipients = set(Notification.objects.filter(pk__in=ids).values_list("recipient__email", flat=True))
    assert {m.to[0] for m in mail.outbox} == recipients
    assert len(mail.outbox) == 5 + 2
    assert set(Notification.objects.values_list("email_status", "email_attempts")) == {(Sent, 1)}
    # A re-sent copy is the same message (its notification's own Message-ID), so mail programs show one.
    codes = {str(code) for code in Notification.objects.filter(pk__in=ids).values_list("code", flat=True)}
    message_ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert {mid.strip("<>").split("@")[0] for mid in message_ids} == codes
    assert len(set(message_ids)) == 5


def test_it_resumes_after_a_crash_between_batches_and_sends_nothing_twice(
    taxonomy, monkeypatch, django_capture_on_commit_callbacks
):
    from matching.services import alerts

    profiles = [strong(taxonomy) for _ in range(6)]
    item = posted(taxonomy)
    real, batches = alerts._tell_matches, []

    def killed_after_the_second_batch(assignment, found):
        batches.append(len(found))
        told = real(assignment, found)
        if len(batches) == 2:
            raise RuntimeError("worker killed")
        return told

    monkeypatch.setattr(alerts, "_tell_matches", killed_after_the_second_batch)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk, batch_size=2)
    assert len(mail.outbox) == 2  # the first batch committed and was sent; the second rolled back
    monkeypatch.setattr(alerts, "_tell_matches", real)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk, batch_size=2)
        assignment_fanout(assignment_id=item.pk, batch_size=2)  # a redelivered task: already complete
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in profiles)
    run = FanoutRun.objects.get(assignment=item)
    assert (run.matches, run.attempts) == (6, 2)
    assert notifications_dispatch_pending(older_than_seconds=0) == 0
