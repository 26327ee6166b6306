"""Telling people about assignments: fan-out on publish, digests, and invitations to react.

Every step is idempotent: matches and saved-search hits are unique per pair, an item is told
only while its ``delivery`` is still ``new`` (the rows are locked), the fan-out resumes from
its cursor, and each email is an outbox row (``Notification``) sent exactly once by
``marketplace.services.notifications_send_batch``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from assignments.models import Assignment
from marketplace.lib.emails import absolute_url, render_email
from marketplace.lib.queries import PerRow
from marketplace.lib.unsubscribe import unsubscribe_url
from marketplace.models import Notification, NotificationPreference, User
from marketplace.services import audit_log
from matching import candidates, scoring
from matching.models import Delivery, FanoutRun, Match, SavedSearch, SavedSearchHit
from matching.saved_searches import SavedSearchMatcher
from profiles.models import Profile

logger = logging.getLogger(__name__)
Pace = NotificationPreference.Pace
# Instant emails are sent in batches of this size, each over one SMTP connection. Each batch
# costs a task, a connection and a fixed number of queries (claim, send-time visibility check,
# mark sent): 200 spreads them over four times as many emails as 50 did. The price: a worker
# killed mid-batch sends up to 199 emails again (same Message-ID), and a relay that closes the
# connection after fewer messages makes the task retry the rest (what was accepted stays sent).
EMAIL_BATCH_SIZE = 200
# The attention budget: at most this many instant alerts per person per day; the rest wait for the digest.
MAX_INSTANT_ALERTS_PER_DAY = 3
INSTANT_KINDS = ("alerts.match", "alerts.saved_search")
SAVED_SEARCH_BATCH_SIZE = 500
# The sweep leaves fresh publications to the task queued on publish, and ignores old ones.
SWEEP_GRACE_SECONDS = 120
SWEEP_WINDOW_DAYS = 7


def assignment_url(assignment: Assignment) -> str:
    """The assignment's detail page (remembered on the instance: reversing costs when it fails)."""
    url = getattr(assignment, "_alert_url", None)
    if url is None:
        try:
            url = reverse("assignments:detail", kwargs={"code": assignment.code})
        except NoReverseMatch:
            url = f"/klussen/{assignment.code}/"
        assignment._alert_url = url
    return url


def paces(user_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``user_id -> (matches pace, saved_searches pace)``, defaults for people without a row."""
    ids = list(user_ids)
    found = {
        user_id: (m, s)
        for user_id, m, s in NotificationPreference.objects.filter(user_id__in=ids).values_list(
            "user_id", "matches", "saved_searches"
        )
    }
    default = (NotificationPreference.DEFAULT, NotificationPreference.DEFAULT)
    return {user_id: found.get(user_id, default) for user_id in ids}


def queue_emails(notification_ids: list[int]) -> None:
    """Queue the emails after commit, in batches; a broker error is logged (the outbox sweep sends them)."""
    from matching.tasks import send_alert_emails_task

    def queue() -> None:
        for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
            chunk = notification_ids[start : start + EMAIL_BATCH_SIZE]
            try:
                send_alert_emails_task.delay(chunk)
            except Exception:  # noqa: BLE001 - any broker error: the pending-email sweep sends them.
                logger.warning("Could not queue %d alert emails; the sweep will send them", len(chunk))

    if notification_ids:
        transaction.on_commit(queue)


def build_notification(
    *, recipient: User, kind: str, template: str, context: dict[str, Any], url: str, topic: str
) -> Notification:
    """An unsaved alert notification, rendered in the recipient's language, its email pending."""
    with translation.override(recipient.language):
        extra = {key: value() if callable(value) else value for key, value in context.items()}
    extra.update(recipient=recipient, url=absolute_url(url), unsubscribe_url=unsubscribe_url(recipient.pk, topic))
    extra["preferences_url"] = absolute_url(reverse("notification-preferences"))
    rendered = render_email(template, extra, recipient.language)
    return Notification(
        recipient=recipient,
        kind=kind,
        **asdict(rendered),
        url=url,
        email_status=Notification.EmailStatus.PENDING if recipient.is_active else Notification.EmailStatus.NONE,
    )


def feedback_links(assignment: Assignment) -> dict[str, str]:
    """The alert's "niet interessant" link (the preferences and unsubscribe links are added to every alert)."""
    return {"not_interested_url": absolute_url(reverse("matching:not-interested", kwargs={"code": assignment.code}))}


def reasons(reasons: list[dict[str, Any]]) -> Callable[[], list[str]]:
    return lambda: [text for text in (scoring.reason_text(r) for r in reasons) if text]


# --- Fan-out -----------------------------------------------------------------------------------


def assignment_fanout(*, assignment_id: int, batch_size: int = scoring.BATCH_SIZE) -> FanoutRun | None:
    """Find, store and tell the matches and saved-search hits of a published assignment.

    Resumable and idempotent: each batch runs in one transaction holding the run's row lock,
    and moves the run's cursor; a run that has completed does nothing.
    """
    assignment = Assignment.objects.select_related("organisation").filter(pk=assignment_id).first()
    if assignment is None:
        return None
    run = _run_for(assignment_id)
    if run.completed_at:
        return run
    FanoutRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)
    while not _fanout_step(assignment, batch_size):
        pass
    return FanoutRun.objects.get(pk=run.pk)


def _run_for(assignment_id: int) -> FanoutRun:
    try:
        with transaction.atomic():
            return FanoutRun.objects.get_or_create(assignment_id=assignment_id)[0]
    except IntegrityError:
        return FanoutRun.objects.get(assignment_id=assignment_id)


@transaction.atomic
def _fanout_step(assignment: Assignment, batch_size: int) -> bool:
    """Handle one batch; return True when the run is complete."""
    run = FanoutRun.objects.select_for_update().get(assignment_id=assignment.pk)
    if run.completed_at:
        return True
    status = Assignment.objects.filter(pk=assignment.pk).values_list("status", flat=True).first()
    if status != Assignment.Status.OPEN:
        return _complete(run)
    batch = candidates.candidate_batch(assignment, after=run.cursor, batch_size=batch_size)
    if batch is not None:
        run.cursor, found = batch
        run.matches += _tell_matches(assignment, found)
        run.save(update_fields=["cursor", "matches", "updated_at"])
        return False
    page = _saved_search_batch(assignment, run.saved_search_cursor)
    if page is not None:
        run.saved_search_cursor, searches = page
        _tell_saved_searches(assignment, searches)
        run.save(update_fields=["saved_search_cursor", "updated_at"])
        return False
    return _complete(run)


def _complete(run: FanoutRun) -> bool:
    run.completed_at = timezone.now()
    run.save(update_fields=["completed_at", "updated_at"])
    audit_log(
        actor=None,
        action="assignments.assignment.fanout_completed",
        target=run.assignment,
        data={"matches": run.matches},
    )
    return True


def _tell_matches(assignment: Assignment, found: list[candidates.Candidate]) -> int:
    """Store the matches of one batch and tell the people whose match is new; return how many are new.

    A fixed number of queries whatever the batch size: insert the matches (existing pairs are
    left alone), lock the ones not yet handled with their person and pace, insert their
    notifications, and record how each was delivered.
    """
    if not found:
        return 0
    Match.objects.bulk_create(
        [
            Match(assignment=assignment, profile_id=c.profile_id, score=c.result.score, reasons=c.result.reasons)
            for c in found
        ],
        ignore_conflicts=True,
    )
    results = {c.profile_id: c.result for c in found}
    fresh = list(
        Match.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, profile_id__in=list(results), delivery=Delivery.NEW)
        .select_related("profile__user")
        .annotate(pace=pace_of("profile__user_id", "matches"), alerted=alerts_today("profile__user_id"))
        .order_by("pk")
    )
    notifications = []
    for match in fresh:
        within_budget = match.alerted < MAX_INSTANT_ALERTS_PER_DAY
        if match.pace == Pace.INSTANT and results[match.profile_id].alerts and within_budget:
            match.delivery = Delivery.NOTIFIED
            match.notification = _match_notification(match.profile.user, assignment, match)
            notifications.append(match.notification)
        else:
            match.delivery = Delivery.SKIPPED if match.pace == Pace.OFF else Delivery.DIGEST
    Notification.objects.bulk_create(notifications)
    _record_deliveries(fresh, [n.pk for n in notifications])
    queue_emails([n.pk for n in notifications if n.email_status == Notification.EmailStatus.PENDING])
    return len(fresh)


def _record_deliveries(matches: list[Match], notification_ids: list[int]) -> None:
    """Save how each match was delivered: one UPDATE per kind of delivery, whatever the number of matches.

    (``bulk_update`` writes one CASE branch per row, which Django builds and resolves row by row.)
    Each person has one profile and one match per assignment, so a told match's notification is
    the one made in this batch for the profile's owner.
    """
    by_delivery: dict[str, list[int]] = {}
    for match in matches:
        by_delivery.setdefault(match.delivery, []).append(match.pk)
    for delivery, pks in by_delivery.items():
        changes: dict[str, Any] = {"delivery": delivery}
        if delivery == Delivery.NOTIFIED:
            made = Notification.objects.filter(pk__in=notification_ids, recipient__profile=OuterRef("profile_id"))
            changes["notification"] = Subquery(made.values("pk")[:1])
        Match.objects.filter(pk__in=pks).update(**changes)


def _match_notification(recipient: User, assignment: Assignment, match: Match) -> Notification:
    return build_notification(
        recipient=recipient,
        kind="alerts.match",
        template="matching-match",
        context={
            "assignment": assignment,
            "score": match.score,
            "reasons": reasons(match.reasons),
            "why": lambda: scoring.why(match.reasons),
            **feedback_links(assignment),
        },
        url=assignment_url(assignment),
        topic="matches",
    )


def _saved_search_batch(assignment: Assignment, after: int) -> tuple[int, list[SavedSearch]] | None:
    """The next page of saved searches after id ``after``: its last id and the searches in it whose
    owner may see ``assignment`` (and does not own it); None when there are no more.

    Three queries, each bounded by the batch: the page of saved searches by id, which of their
    owners may see the assignment, and which of those hide from its organisation. (Filtering the
    saved searches by a subquery of everyone who may see it made PostgreSQL read every user and
    every profile for each batch: 0.25 s at 100,000.)
    """
    page = list(
        SavedSearch.objects.filter(pk__gt=after).select_related("user").order_by("pk")[:SAVED_SEARCH_BATCH_SIZE]
    )
    if not page:
        return None
    may_see = set(
        User.objects.filter(
            candidates.can_see_assignment_q(assignment, "pk"), pk__in={s.user_id for s in page}, is_active=True
        )
        .exclude(pk__in=candidates.owner_ids(assignment))
        .values_list("pk", flat=True)
    )
    may_see -= candidates.hiding_among(assignment, may_see)  # discreet mode: no alerts from them
    return page[-1].pk, [s for s in page if s.user_id in may_see]


def saved_search_matcher(assignment: Assignment) -> SavedSearchMatcher:
    """One matcher for the whole fan-out, kept on the assignment (as its matching facts are): its
    facts, text answers and parsed queries are read once, not once per batch of saved searches."""
    matcher = getattr(assignment, "_saved_search_matcher", None)
    if matcher is None:
        matcher = assignment._saved_search_matcher = SavedSearchMatcher(assignment)
    return matcher


def already_told(assignment: Assignment, user_ids: set[int]) -> set[int]:
    """Of ``user_ids``, who was told of ``assignment`` already: by its match (unless skipped) or a saved-search hit.

    Read from the people's side: their profiles, each probing the (assignment, profile) unique
    index of the matches. Read from the matches' side, PostgreSQL walked every match of the
    assignment for each page of saved searches (10,506 at a million: 72 ms a page, 16 s of a fan-out).
    """
    told_match = Match.objects.filter(assignment=assignment, profile=OuterRef("pk")).exclude(delivery=Delivery.SKIPPED)
    by_match = Profile.objects.filter(user_id__in=user_ids).filter(PerRow(told_match)).values_list("user_id", flat=True)
    by_hit = SavedSearchHit.objects.filter(assignment=assignment, saved_search__user_id__in=user_ids).values_list(
        "saved_search__user_id", flat=True
    )
    return set(by_match) | set(by_hit)


def _tell_saved_searches(assignment: Assignment, searches: list[SavedSearch]) -> None:
    """Record hits and tell their owners, once per person and assignment, never on top of a match."""
    if not searches:
        return
    user_ids = {s.user_id for s in searches}
    told = already_told(assignment, user_ids)
    pace = paces(user_ids)
    budget = dict(
        User.objects.filter(pk__in=user_ids).annotate(alerted=alerts_today("pk")).values_list("pk", "alerted")
    )
    matcher = saved_search_matcher(assignment)
    params = {saved.pk: matcher.params(saved.query) for saved in searches}
    matcher.prepare(params.values())
    hits, notifications = [], []
    for saved in searches:
        if saved.user_id in told or not matcher.finds(params[saved.pk]):
            continue
        told.add(saved.user_id)
        hit = SavedSearchHit(saved_search=saved, assignment=assignment)
        hit_pace = pace[saved.user_id][1]
        if hit_pace == Pace.INSTANT and budget.get(saved.user_id, 0) < MAX_INSTANT_ALERTS_PER_DAY:
            hit.delivery = Delivery.NOTIFIED
            hit.notification = build_notification(
                recipient=saved.user,
                kind="alerts.saved_search",
                template="matching-saved_search",
                context={"assignment": assignment, "saved_search": saved, **feedback_links(assignment)},
                url=assignment_url(assignment),
                topic="saved_searches",
            )
            notifications.append(hit.notification)
        else:
            hit.delivery = Delivery.SKIPPED if hit_pace == Pace.OFF else Delivery.DIGEST
        hits.append(hit)
    Notification.objects.bulk_create(notifications)
    for hit in hits:
        hit.notification_id = hit.notification.pk if hit.notification else None
    SavedSearchHit.objects.bulk_create(hits)
    queue_emails([n.pk for n in notifications if n.email_status == Notification.EmailStatus.PENDING])


def fanout_sweep(*, grace_seconds: int = SWEEP_GRACE_SECONDS, window_days: int = SWEEP_WINDOW_DAYS) -> list[int]:
    """Queue the fan-out of open assignments published recently whose fan-out has not completed."""
    from matching.tasks import assignment_fanout_task

    now = timezone.now()
    ids = list(
        Assignment.objects.open()
        .filter(
            published_at__lte=now - timezone.timedelta(seconds=grace_seconds),
            published_at__gte=now - timezone.timedelta(days=window_days),
        )
        .exclude(fanout__completed_at__isnull=False)
        .order_by("published_at")
        .values_list("pk", flat=True)[:500]
    )
    for assignment_id in ids:
        assignment_fanout_task.delay(assignment_id)
    return ids


def alerts_still_allowed(notification_ids: list[int]) -> list[int]:
    """The alert notifications whose recipient may still see their assignment, checked at send time.

    Registered as the outbox's email check for ``alerts.*`` (``marketplace.hooks``), so every
    path that sends an alert's email asks it just before sending: someone who left a network
    (or an assignment that closed) between the fan-out and the send gets no email. Alerts that
    belong to no match or saved-search hit (digests, invitations) were checked when made.
    A fixed number of queries: two, plus a few per assignment.
    """
    pairs: dict[int, list[tuple[int, int]]] = {}
    rows = [
        # The notification's own recipient (the match's person, to whom it was written): a probe
        # of the notification by primary key rather than a join to the profiles.
        *Match.objects.filter(notification_id__in=notification_ids).values_list(
            "assignment_id", "notification_id", "notification__recipient_id"
        ),
        *SavedSearchHit.objects.filter(notification_id__in=notification_ids).values_list(
            "assignment_id", "notification_id", "saved_search__user_id"
        ),
    ]
    for assignment_id, notification_id, user_id in rows:
        pairs.setdefault(assignment_id, []).append((notification_id, user_id))
    refused: set[int] = set()
    for assignment in Assignment.objects.filter(pk__in=pairs):
        user_ids = {user_id for _notification, user_id in pairs[assignment.pk]}
        allowed = set()
        if assignment.is_open:
            allowed = set(
                User.objects.filter(candidates.can_see_assignment_q(assignment, "pk"), pk__in=user_ids, is_active=True)
                .exclude(candidates.hides_from_assignment(assignment))  # turned discreet since
                .values_list("pk", flat=True)
            )
        refused.update(n for n, user_id in pairs[assignment.pk] if user_id not in allowed)
    return [pk for pk in notification_ids if pk not in refused]


def alerts_today(user_ref: str) -> Coalesce:
    """How many instant alerts the person referenced by ``user_ref`` has had since midnight (a subquery)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sent = (
        Notification.objects.filter(recipient_id=OuterRef(user_ref), kind__in=INSTANT_KINDS, created_at__gte=midnight)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sent), Value(0))


def pace_of(user_ref: str, topic: str) -> Coalesce:
    chosen = NotificationPreference.objects.filter(user_id=OuterRef(user_ref)).values(topic)[:1]
    return Coalesce(Subquery(chosen), Value(NotificationPreference.DEFAULT))
