"""Reads of the placement workflow: history, the checklist signals, the dashboards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from assignments.models import Assignment
from marketplace.models import AuditEntry, User
from matching.candidates import match_of
from matching.scoring import MatchResult
from networks.models import Employment, Organisation
from networks.organisation_rules import rules_of, rules_summary_for_client
from placements.learning import Again
from placements.models import ConsentRequest, HomeFeedbackRequest, Interest, Placement, Reference
from profiles.models import Profile

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
    "assignments.placement.rules-read": gettext_lazy("The professional confirmed reading their employer's rules"),
    "assignments.placement.match-recorded": gettext_lazy("Klusmarkt's match recorded"),
    "assignments.placement.fits-judged": gettext_lazy("The opdrachtgever judged whether the assignment fits"),
    "assignments.placement.klik-by-professional": gettext_lazy("The professional said whether there is a klik"),
    "assignments.placement.klik-by-client": gettext_lazy("The opdrachtgever said whether there is a klik"),
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
    "yes": gettext_lazy("yes"),
    "no": gettext_lazy("no"),
}


# Who did a change recorded without an account: the leidinggevende answers through a signed link;
# Klusmarkt itself asks for feedback on completion, reminds, and starts a placement when consent is
# the last signal; any other change without an account is a person's whose account was deleted.
BY_LINK_ACTIONS = frozenset(
    {
        "assignments.placement.consent-consented",
        "assignments.placement.consent-declined",
        "placements.home-feedback.answered",
    }
)
AUTOMATIC_ACTIONS = frozenset(
    {
        "placements.consent.email_dropped",
        "placements.home-feedback.requested",
        "placements.home-feedback.reminded",
        "assignments.placement.running",
    }
)


def _who(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.get_full_name()
    if entry.action in BY_LINK_ACTIONS:
        return gettext("leidinggevende (by link)")
    if entry.action in AUTOMATIC_ACTIONS:
        return gettext("Klusmarkt (automatically)")
    return gettext("a former user")


def workflow_history(interest: Interest) -> list[AuditEntry]:
    """Every recorded change of a reaction and of its placement, oldest first, with labels.

    Each entry gets ``who``, ``label``, ``from_label`` and ``to_label`` in words for the page.
    """
    condition = Q(target_type=ContentType.objects.get_for_model(Interest), target_id=str(interest.pk))
    placement = getattr(interest, "placement", None)
    if placement is not None:
        condition |= Q(target_type=ContentType.objects.get_for_model(Placement), target_id=str(placement.pk))
    entries = list(AuditEntry.objects.filter(condition).select_related("actor").order_by("created_at", "id"))
    for entry in entries:
        entry.who = _who(entry)
        entry.label = HISTORY_LABELS.get(entry.action, entry.action)
        entry.from_label = STATE_LABELS.get(entry.from_state, entry.from_state)
        entry.to_label = STATE_LABELS.get(entry.to_state, entry.to_state)
    return entries


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


def may_see_profile_of(viewer: User | Any, professional_id: int) -> bool:
    """Whether ``viewer`` may see the professional's profile (the visibility rule, one query)."""
    return Profile.objects.visible_to(viewer).filter(user_id=professional_id).exists()


@dataclass
class EmployerRules:
    """The summary of a professional's employer's rules that the opdrachtgever sees."""

    organisation: Organisation
    summary: list[tuple[str, str]]
    regulation_url: str


def employer_rules_for_client(viewer: User | Any, professional_id: int) -> EmployerRules | None:
    """The professional's employer and the part of its rules meant for an opdrachtgever.

    Only when ``viewer`` may see the professional's profile, which names the employer: the
    summary tells nothing about the person beyond what the visibility rule allows.
    """
    if not may_see_profile_of(viewer, professional_id):
        return None
    employment = Employment.objects.filter(user_id=professional_id).select_related("organisation").first()
    if employment is None:
        return None
    rules = rules_of(employment.organisation)
    return EmployerRules(
        organisation=employment.organisation,
        summary=rules_summary_for_client(rules),
        regulation_url=rules.regulation_url if rules else "",
    )
