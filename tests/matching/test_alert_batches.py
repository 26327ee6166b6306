"""The fan-out and its email batches cost a fixed number of queries; a re-run sends nothing twice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Assignment
from marketplace.models import Notification, NotificationPreference, User
from marketplace.services import notifications_dispatch_pending, notifications_send_batch
from matching.models import Delivery, FanoutRun, Match, SavedSearchHit
from matching.services import alerts
from matching.services.alerts import assignment_fanout
from matching.tasks import send_alert_emails_task
from profiles.models import Profile
from tests import factories
from tests.matching import factories as mf
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


# --- The same queries for three times the people, told now or in the digest, in two languages ---


def _crowd(taxonomy, start: int, n: int) -> None:
    """``n`` people who match and ``n`` who saved a search, alternately reading English and Dutch.

    A third of each want the daily digest instead of instant alerts. Every saved search has its
    own words, which do not find the assignment (the searches without words find it by expertise):
    the words of a batch were once asked one text at a time.
    """
    for i in range(start, start + n):
        language = ("en", "nl")[i % 2]
        matched = strong(taxonomy, factories.UserFactory(language=language)).user
        mf.saved_search(factories.UserFactory(language=language), f"q=zonnepanelen{i}")
        searcher = factories.UserFactory(language=language)
        mf.saved_search(searcher, "expertise=omgevingswet")
        if i % 3 == 0:
            NotificationPreference.objects.create(user=matched, matches="daily")
            NotificationPreference.objects.create(user=searcher, saved_searches="daily")


def _fanout_and_send_queries(taxonomy, capture) -> tuple[int, int, Assignment]:
    """The queries of one fan-out (its email batch left pending), then of sending that batch."""
    item = posted(taxonomy)
    with CaptureQueriesContext(connection) as fanout, capture(execute=False):
        assignment_fanout(assignment_id=item.pk)
    pending = list(Notification.objects.filter(url__contains=str(item.code)).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as send:
        assert notifications_send_batch(notification_ids=pending) == len(pending)
    return len(fanout.captured_queries), len(send.captured_queries), item


def test_a_fanout_and_its_emails_cost_the_same_queries_for_three_times_the_people(
    taxonomy, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _crowd(taxonomy, 0, 6)
    _fanout_and_send_queries(taxonomy, capture)  # warms the per-process caches (content types)
    fanout_n, send_n, first = _fanout_and_send_queries(taxonomy, capture)
    _crowd(taxonomy, 6, 12)
    fanout_3n, send_3n, second = _fanout_and_send_queries(taxonomy, capture)

    for item, n in ((first, 6), (second, 18)):
        deliveries = list(Match.objects.filter(assignment=item).values_list("delivery", "profile__user__language"))
        assert len(deliveries) == n
        assert {d for d, _ in deliveries} == {Delivery.NOTIFIED, Delivery.DIGEST}
        assert {lang for d, lang in deliveries if d == Delivery.NOTIFIED} == {"en", "nl"}
        hits = list(SavedSearchHit.objects.filter(assignment=item).values_list("delivery", flat=True))
        assert len(hits) == n  # the searches by expertise; the ones by their own words find nothing
        assert set(hits) == {Delivery.NOTIFIED, Delivery.DIGEST}
    told = Notification.objects.filter(url__contains=str(second.code))
    assert {n.kind for n in told} == {"alerts.match", "alerts.saved_search"}
    assert {n.subject.split(":")[0] for n in told} == {
        "New assignment for you",
        "Nieuwe klus voor jou",
        'Your search "Mijn zoekopdracht" found',
        'Je zoekopdracht "Mijn zoekopdracht" heeft gevonden',
    }
    assert set(told.values_list("email_status", flat=True)) == {Sent}
    assert fanout_n == fanout_3n
    assert send_n == send_3n


# --- The discreet-mode check reads the profiles of the people concerned, not every profile -------


def _others(n: int) -> None:
    """``n`` more people with a profile, in bulk: they are neither told nor searching."""
    users = User.objects.bulk_create([User(email=f"ander{i}@example.com") for i in range(n)])
    Profile.objects.bulk_create([Profile(user=user, display_name="A", hours_per_week=8) for user in users])


def _profile_rows_read(run) -> int:
    """Profile rows PostgreSQL read while ``run()`` ran, planned as on a platform's large tables.

    A test database is small enough to read whole tables whatever the query; with sequential
    scans and hash/merge joins priced out, the planner shows what it does at 100,000 profiles.
    """
    counted = """SELECT COALESCE(SUM(seq_tup_read), 0) + COALESCE(SUM(idx_tup_fetch), 0)
                 FROM pg_stat_xact_user_tables WHERE relname = 'profiles_profile'"""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off")
        try:
            cursor.execute(counted)
            before = cursor.fetchone()[0]
            run()
            cursor.execute(counted)
            return cursor.fetchone()[0] - before
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin")


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's statistics of the current transaction")


def test_the_send_time_check_reads_the_recipients_profiles_not_every_profile(
    postgresql, taxonomy, django_capture_on_commit_callbacks
):
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 3)
    _others(200)
    allowed: list[int] = []
    read = _profile_rows_read(lambda: allowed.extend(alerts.alerts_still_allowed(ids)))
    assert sorted(allowed) == sorted(ids)
    assert read <= 3 * len(ids)  # each recipient's profile, through their match and their discreet mode


def test_the_send_time_check_probes_each_recipients_profile_and_never_joins_every_profile(
    postgresql, taxonomy, django_capture_on_commit_callbacks
):
    """ "Hides from this organisation" stays a probe per recipient: as a plain NOT EXISTS PostgreSQL
    pulled it up into an anti-join, which at a million scanned every profile in parallel for each
    email batch (75 ms a batch). The plan of the check, whatever the data, has no anti-join."""
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 3)
    with CaptureQueriesContext(connection) as queries:
        assert sorted(alerts.alerts_still_allowed(ids)) == sorted(ids)
    [check] = [q["sql"] for q in queries.captured_queries if "profiles_profile" in q["sql"] and "discreet" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + check)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Anti Join" not in plan
    assert "SubPlan" in plan


def test_who_was_told_probes_the_match_of_each_of_the_pages_people_not_every_match(
    postgresql, taxonomy, django_capture_on_commit_callbacks
):
    """A page of saved searches asks who was told already: each of its people's match is probed by
    the (assignment, profile) index. Read from the matches' side, PostgreSQL walked every match of
    the assignment for each page, trusting its estimate of a few matches per assignment (10,506 at
    a million: 72 ms for each page of 500). The plan, whatever the statistics, probes per person."""
    ids = _pending_alerts(taxonomy, django_capture_on_commit_callbacks, 30)
    item = Match.objects.filter(notification_id=ids[0]).get().assignment
    matched = set(Match.objects.filter(assignment=item).values_list("profile__user_id", flat=True)[:2])
    searcher = factories.UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert alerts.already_told(item, {*matched, searcher.pk}) == matched
    [check] = [q["sql"] for q in queries.captured_queries if "matching_match" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + check)
        plan = [row[0] for row in cursor.fetchall()]
    scans = [i for i, line in enumerate(plan) if " on matching_match" in line]
    assert scans
    for i in scans:  # every read of the matches is bounded by the person's profile
        assert "profile_id" in " ".join(plan[i : i + 2]), plan


def test_a_saved_search_batch_reads_the_profiles_of_its_owners_not_every_profile(postgresql, taxonomy):
    owners = [factories.UserFactory() for _ in range(3)]
    for owner in owners:
        mf.saved_search(owner, "expertise=omgevingswet")
    _others(200)
    item = posted(taxonomy)
    pages: list = []
    read = _profile_rows_read(lambda: pages.append(alerts._saved_search_batch(item, 0)))
    [(_last, searches)] = pages
    assert sorted(s.user_id for s in searches) == sorted(o.pk for o in owners)
    assert read <= 2 * len(owners)


# --- One saved-search matcher per fan-out, whatever the number of batches of saved searches -----


def test_the_saved_searches_of_every_batch_share_one_matcher_and_each_query_is_parsed_once(
    taxonomy, django_capture_on_commit_callbacks, monkeypatch
):
    """Three batches of saved searches: the matcher's facts, text answers and parsed query strings are
    read once for the fan-out (they were read again for every batch of 500: 60 s at a million)."""
    from unittest import mock

    from matching import saved_searches

    for i in range(6):
        mf.saved_search(factories.UserFactory(), "q=omgevingswet" if i % 2 else "expertise=omgevingswet")
    monkeypatch.setattr(alerts, "SAVED_SEARCH_BATCH_SIZE", 2)
    item = posted(taxonomy)
    with (
        mock.patch.object(alerts, "SavedSearchMatcher", wraps=saved_searches.SavedSearchMatcher) as made,
        mock.patch.object(saved_searches, "search_params", wraps=saved_searches.search_params) as parsed,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assignment_fanout(assignment_id=item.pk)
    assert made.call_count == 1
    assert parsed.call_count == 2  # two distinct query strings among six searches
    assert SavedSearchHit.objects.filter(assignment=item).count() == 6
    assert FanoutRun.objects.get(assignment=item).saved_search_cursor > 0
