"""Reads of the placement workflow: history, the checklist signals, the dashboards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments.models import Assignment
from marketplace.models import AuditEntry, User
from matching import candidates
from matching.candidates import match_of
from matching.scoring import MatchResult
from placements.learning import Again
from placements.models import ConsentRequest, HomeFeedbackRequest, Interest, Placement, Reference
from placements.services.placements import current_consent, works_independently
from profiles.models import Profile


@dataclass(frozen=True)
class Signal:
    key: str
    label: str
    colour: str  # green, amber, grey or red: shown with the words, never alone
    words: str
    explanation: str


HISTORY_LABELS = {
    "placements.consent.email_dropped": gettext_lazy(
        "Consent request not sent: the placement is no longer being arranged"
    ),
    "assignments.interest.new": gettext_lazy("Reacted"),
    "assignments.interest.shortlisted": gettext_lazy("Put on the shortlist"),
    "assignments.interest.introduction": gettext_lazy("Introduction planned"),
    "assignments.interest.selected": gettext_lazy("Selected"),
    "assignments.interest.declined": gettext_lazy("Declined"),
    "assignments.interest.not-selected": gettext_lazy("Not selected: the places were filled"),
    "assignments.interest.withdrawn": gettext_lazy("Withdrawn"),
    "assignments.placement.preparing": gettext_lazy("Placement opened"),
    "assignments.placement.consent-requested": gettext_lazy("Leidinggevende asked for consent"),
    "assignments.placement.consent-consented": gettext_lazy("Leidinggevende agreed"),
    "assignments.placement.consent-declined": gettext_lazy("Leidinggevende did not agree"),
    "assignments.placement.consent-replaced": gettext_lazy("Consent request replaced by a new one"),
    "assignments.placement.side-activity": gettext_lazy("Side activity recorded"),
    "assignments.placement.terms-proposed": gettext_lazy("Terms proposed"),
    "assignments.placement.terms-confirmed-by-professional": gettext_lazy("Terms confirmed by the professional"),
    "assignments.placement.terms-confirmed-by-client": gettext_lazy("Terms confirmed by the opdrachtgever"),
    "assignments.placement.running": gettext_lazy("Placement started"),
    "assignments.placement.completed": gettext_lazy("Placement completed"),
    "assignments.placement.cancelled": gettext_lazy("Placement cancelled"),
    "assignments.reference.given": gettext_lazy("Reference given"),
    "assignments.reference.accepted": gettext_lazy("Reference put on the portfolio"),
    "placements.learning.recorded": gettext_lazy("Recorded what the placement brought"),
    "placements.home-feedback.requested": gettext_lazy("Home leidinggevende asked what it meant for the team"),
    "placements.home-feedback.reminded": gettext_lazy("Home leidinggevende reminded"),
    "placements.home-feedback.answered": gettext_lazy("Home leidinggevende answered"),
}
# Later wins where codes are shared ("declined"): the reaction's words are the commoner case.
STATE_LABELS = {
    **dict(ConsentRequest.Decision.choices),
    **dict(Placement.SideActivity.choices),
    **dict(Placement.Status.choices),
    **dict(Interest.Status.choices),
    **dict(Reference.Direction.choices),
    **dict(HomeFeedbackRequest.Status.choices),
    **dict(Again.choices),
    "accepted": gettext_lazy("on the portfolio"),
}


def workflow_history(interest: Interest) -> list[AuditEntry]:
    """Every recorded change of a reaction and of its placement, oldest first, with labels.

    Each entry gets ``label``, ``from_label`` and ``to_label`` in words for the page.
    """
    condition = Q(target_type=ContentType.objects.get_for_model(Interest), target_id=str(interest.pk))
    placement = getattr(interest, "placement", None)
    if placement is not None:
        condition |= Q(target_type=ContentType.objects.get_for_model(Placement), target_id=str(placement.pk))
    entries = list(AuditEntry.objects.filter(condition).select_related("actor").order_by("created_at", "id"))
    for entry in entries:
        entry.label = HISTORY_LABELS.get(entry.action, entry.action)
        entry.from_label = STATE_LABELS.get(entry.from_state, entry.from_state)
        entry.to_label = STATE_LABELS.get(entry.to_state, entry.to_state)
    return entries


def _signal(key: str, label: str, colour: str, words: str, explanation: str = "") -> Signal:
    return Signal(key=key, label=label, colour=colour, words=words, explanation=explanation)


def placement_signals(placement: Placement) -> list[Signal]:
    """The article's checklist: wants it, knows it is possible, fits, leidinggevende, klik."""
    interest = placement.interest
    signals = [
        _signal(
            "wants",
            _("Wants it"),
            "green",
            _("yes"),
            _("Reacted on %(date)s.") % {"date": date_format(timezone.localtime(interest.created_at), "j F Y")},
        )
    ]
    if works_independently(placement):
        possible, manager = _independent_signals()
        return [*signals, possible, _fits_signal(interest), manager, _klik_signal(placement)]
    side = placement.side_activity
    if side in (Placement.SideActivity.REPORTED, Placement.SideActivity.NOT_NEEDED):
        signals.append(
            _signal("possible", _("Knows it is possible"), "green", _("yes"), placement.get_side_activity_display())
        )
    elif side == Placement.SideActivity.NOT_YET:
        signals.append(
            _signal("possible", _("Knows it is possible"), "amber", _("not yet"), placement.get_side_activity_display())
        )
    else:
        signals.append(_signal("possible", _("Knows it is possible"), "grey", _("unknown"), _("Not recorded yet.")))
    signals.append(_fits_signal(interest))
    consent = current_consent(placement)
    if consent is None:
        signals.append(_signal("manager", _("Leidinggevende agrees"), "grey", _("not asked yet"), ""))
    elif consent.decision == ConsentRequest.Decision.CONSENTED:
        signals.append(_signal("manager", _("Leidinggevende agrees"), "green", _("agreed"), consent.comment))
    elif consent.decision == ConsentRequest.Decision.DECLINED:
        signals.append(_signal("manager", _("Leidinggevende agrees"), "red", _("did not agree"), consent.comment))
    else:
        words = _("expired") if consent.is_expired else _("waiting for an answer")
        signals.append(_signal("manager", _("Leidinggevende agrees"), "amber", words, consent.manager_email))
    signals.append(_klik_signal(placement))
    return signals


def _independent_signals() -> list[Signal]:
    words = _("not applicable")
    why = _("An independent professional has no employer to report to and no leidinggevende to ask.")
    return [
        _signal("possible", _("Knows it is possible"), "grey", words, why),
        _signal("manager", _("Leidinggevende agrees"), "grey", words, why),
    ]


def _fits_signal(interest: Interest) -> Signal:
    """The match of the professional and the assignment: its score and its reasons, from matching's scorer."""
    result = candidates.match_results_for_users(interest.assignment, [interest.professional_id]).get(
        interest.professional_id
    )
    if result is None:
        return _signal("fits", _("Fits"), "grey", _("no profile"), _("The professional has no profile to match."))
    words = _("%(score)d of 100") % {"score": result.score}
    if not result.eligible:
        return _signal("fits", _("Fits"), "amber", words, _("Does not meet every condition of the assignment."))
    if not result.is_match:
        return _signal("fits", _("Fits"), "amber", words, _("Nothing in common with the assignment's content."))
    colour = "green" if result.alerts else "amber"
    return _signal("fits", _("Fits"), colour, words, "; ".join(result.reason_texts))


def _klik_signal(placement: Placement) -> Signal:
    label = _("Klik with the opdrachtgever")
    if placement.terms_confirmed:
        return _signal("klik", label, "green", _("yes"), _("Both sides confirmed the terms."))
    introductions = list(placement.interest.introductions.all())
    held = [i for i in introductions if i.starts_at <= timezone.now()]
    if held:
        when = date_format(timezone.localtime(held[0].starts_at), "j F Y")
        return _signal("klik", label, "green", _("met"), _("Introduction on %(date)s.") % {"date": when})
    if introductions:
        return _signal("klik", label, "amber", _("introduction planned"), "")
    return _signal("klik", label, "grey", _("no introduction yet"), "")


def my_interests(user: User | Any) -> QuerySet[Interest]:
    """The professional's own reactions on assignments they may still see, with their placements."""
    return (
        Interest.objects.filter(professional=user, assignment__in=Assignment.objects.visible_to(user))
        .select_related("assignment__organisation", "placement")
        .order_by("-created_at", "-pk")
    )


def interests_of(assignment: Assignment) -> QuerySet[Interest]:
    return assignment.interests.select_related("professional", "placement").order_by("-created_at", "-pk")


def interest_counts(assignment: Assignment) -> dict[str, int]:
    rows = assignment.interests.values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(Interest.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass
class Candidate:
    """What an opdrachtgever may see of the person behind a reaction, before selecting."""

    profile: Profile | None
    can_see_cv: bool
    match: MatchResult | None


def candidate_of(interest: Interest, viewer: User) -> Candidate:
    """The reacting professional's profile, CV and match reasons, as far as ``viewer`` may see them.

    Reacting opens nothing: the profile and CV follow the visibility rule
    (``Profile.objects.visible_to`` and ``contact_visible_to``), as everywhere else.
    """
    profile = Profile.objects.visible_to(viewer).filter(user_id=interest.professional_id).first()
    if profile is None:
        return Candidate(profile=None, can_see_cv=False, match=None)
    can_see_cv = bool(profile.cv) and Profile.objects.contact_visible_to(viewer).filter(pk=profile.pk).exists()
    return Candidate(profile=profile, can_see_cv=can_see_cv, match=match_of(interest.assignment, profile))
