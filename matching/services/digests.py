"""Digests of matches and saved-search hits, and a poster's invitation to a suitable professional."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from marketplace.lib.emails import absolute_url
from marketplace.models import Notification, NotificationPreference, User
from marketplace.services import audit_log
from matching import facts, scoring
from matching.models import Delivery, Match, MatchFeedback, SavedSearchHit
from matching.services.alerts import assignment_url, build_notification, pace_of, paces, queue_emails, reasons
from profiles.models import Profile

logger = logging.getLogger(__name__)
Pace = NotificationPreference.Pace


# --- Digests -----------------------------------------------------------------------------------


def digest_paces(pace: str) -> list[str]:
    """Which chosen paces a digest run serves; the daily one also sends what waited on a change to instant."""
    return [Pace.DAILY, Pace.INSTANT] if pace == Pace.DAILY else [pace]


def digest_user_ids(pace: str) -> list[int]:
    served = [*digest_paces(pace), Pace.OFF]
    matches = (
        Match.objects.filter(delivery=Delivery.DIGEST)
        .annotate(pace=pace_of("profile__user_id", "matches"))
        .filter(pace__in=served)
        .values_list("profile__user_id", flat=True)
    )
    hits = (
        SavedSearchHit.objects.filter(delivery=Delivery.DIGEST)
        .annotate(pace=pace_of("saved_search__user_id", "saved_searches"))
        .filter(pace__in=served)
        .values_list("saved_search__user_id", flat=True)
    )
    return sorted(set(matches) | set(hits))


def alerts_send_digests(*, pace: str) -> int:
    """Send the ``daily`` or ``weekly`` digest to everyone who chose it; return how many were made."""
    made = []
    for user_id in digest_user_ids(pace):
        notification = alerts_digest_for(user_id=user_id, pace=pace, queue=False)
        if notification is not None:
            made.append(notification.pk)
    # Queued after commit (at once outside a transaction), in batches over one connection each.
    queue_emails(made)
    return len(made)


@transaction.atomic
def alerts_digest_for(*, user_id: int, pace: str, queue: bool = True) -> Notification | None:
    """Collect one person's waiting items into one digest (only assignments still open and visible)."""
    user = User.objects.get(pk=user_id)
    match_pace, search_pace = paces([user_id])[user_id]
    served = digest_paces(pace)
    matches = list(
        Match.objects.select_for_update(of=("self",))
        .filter(profile__user_id=user_id, delivery=Delivery.DIGEST)
        .order_by("-score", "pk")
    )
    hits = list(
        SavedSearchHit.objects.select_for_update(of=("self",))
        .filter(saved_search__user_id=user_id, delivery=Delivery.DIGEST)
        .order_by("pk")
    )
    matches = _settle(matches, match_pace, served)
    hits = _settle(hits, search_pace, served)
    wanted = {m.assignment_id for m in matches} | {h.assignment_id for h in hits}
    visible = Assignment.objects.visible_to(user).open().filter(pk__in=wanted).select_related("organisation")
    assignments = {a.pk: a for a in visible}
    for item in [*matches, *hits]:
        item.delivery = Delivery.DIGESTED if item.assignment_id in assignments else Delivery.SKIPPED
    shown_matches = [m for m in matches if m.assignment_id in assignments]
    seen = {m.assignment_id for m in shown_matches}
    shown_hits = [h for h in hits if h.assignment_id in assignments and h.assignment_id not in seen]
    notification = None
    if shown_matches or shown_hits:
        notification = build_notification(
            recipient=user,
            kind="alerts.digest",
            template="matching-digest",
            context={
                "pace": pace,
                "matches": lambda: [
                    {**_digest_item(assignments[m.assignment_id]), "score": m.score, "reasons": reasons(m.reasons)()}
                    for m in shown_matches
                ],
                "hits": [_digest_item(assignments[h.assignment_id]) for h in shown_hits],
            },
            url=reverse("matching:recommended"),
            topic="all",
        )
        notification.save()
        for item in [*matches, *hits]:
            if item.delivery == Delivery.DIGESTED:
                item.notification = notification
    Match.objects.bulk_update(matches, ["delivery", "notification"])
    SavedSearchHit.objects.bulk_update(hits, ["delivery", "notification"])
    if notification is not None and queue:
        queue_emails([notification.pk])
    return notification


def _digest_item(assignment: Assignment) -> dict[str, Any]:
    return {"assignment": assignment, "url": absolute_url(assignment_url(assignment))}


def _settle(items: list, chosen: str, served: list[str]) -> list:
    """Items of a topic this run serves; items whose owner turned alerts off are marked skipped."""
    if chosen == Pace.OFF:
        for item in items:
            item.delivery = Delivery.SKIPPED
        if items:
            type(items[0]).objects.bulk_update(items, ["delivery"])
        return []
    return items if chosen in served else []


# --- Invitations -------------------------------------------------------------------------------


@transaction.atomic
def match_invite(*, assignment: Assignment, profile: Profile, actor: User) -> Match:
    """Invite the owner of ``profile`` to react to ``assignment`` (once); the caller checked access.

    The person is told only if they may see the assignment; an invitation is a direct message
    and comes whatever their alert preferences.
    """
    if not Assignment.objects.visible_to(profile.user).open().filter(pk=assignment.pk).exists():
        raise ValidationError(_("This professional cannot see this assignment, so they cannot be invited."))
    wanted = facts.assignment_facts(assignment)
    result = scoring.score(facts.profile_facts_for([profile.pk], wanted)[profile.pk], wanted)
    match, _created = Match.objects.get_or_create(
        assignment=assignment,
        profile=profile,
        defaults={"score": result.score, "reasons": result.reasons, "delivery": Delivery.SKIPPED},
    )
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.invited_at is not None:
        return match
    match.invited_at, match.invited_by = timezone.now(), actor
    match.save(update_fields=["invited_at", "invited_by", "updated_at"])
    notification = build_notification(
        recipient=profile.user,
        kind="alerts.invitation",
        template="matching-invitation",
        context={"assignment": assignment, "inviter": actor, "reasons": reasons(match.reasons)},
        url=assignment_url(assignment),
        topic="matches",
    )
    notification.save()
    audit_log(actor=actor, action="assignments.match.invited", target=match, data={"assignment": assignment.pk})
    queue_emails([notification.pk])
    return match


# --- Feedback ----------------------------------------------------------------------------------


@transaction.atomic
def feedback_not_interested(*, profile: Profile, assignment: Assignment) -> MatchFeedback:
    """Store the person's "niet interessant" (once); the caller checked they may see ``assignment``.

    Scoring then excludes the assignment and lowers similar ones (``scoring.DISMISSED_PENALTY``);
    a match still waiting for the digest is left out of it.
    """
    feedback, created = MatchFeedback.objects.get_or_create(profile=profile, assignment=assignment)
    if created:
        Match.objects.filter(profile=profile, assignment=assignment, delivery=Delivery.DIGEST).update(
            delivery=Delivery.SKIPPED
        )
        audit_log(actor=profile.user, action="matching.feedback.not_interested", target=assignment)
    return feedback
