"""Matching: a score from 0 to 100 for a profile and an assignment, with its reasons in words.

How it works:

1. Hard conditions first, in SQL (``eligible_profiles``): the person is open to assignments,
   has an active account, may see the assignment (``can_see_assignment_q``, the visibility
   rule of ``Assignment.objects.visible_to`` written from the person's side), accepts one of
   its engagement forms, and is available for its whole period for at least the hours asked.
   A short format (speaking, a session, coaching, meekijken; ``profiles.formats``) asks dagdelen,
   not hours: instead of being open to assignments with the hours, the person must be open to
   that format on their profile.
   The pure ``score`` checks the same conditions again on loaded facts.
2. Relevance comes from content only. Four *content signals*: shared expertise, the same field
   of work, shared core qualities, and shared informative words (``matching.text``) between the
   assignment's title and summary and the person's profile. Without at least one of them there
   is no match, whatever else fits. Hours, region and networks only *refine* a match.
3. The score is calibrated, the same number meaning the same on every assignment: a part the
   assignment does not ask earns nothing (it is not left out of the denominator), the content
   signals are combined as independent evidence (``content = 1 - prod(1 - weight x strength)``),
   and the refinements add at most ``REFINE_SHARE`` of the score. A score of 90 or more needs at
   least two content signals (``SINGLE_SIGNAL_CAP``). All weights and thresholds are here, and
   ``bench/matching_eval.py`` measures them (``docs/matching.md``).
4. Candidates are read in batches, keyset-paginated by profile id, with a fixed number of
   queries per batch; only profiles that share some content with the assignment are read
   (``facts.shares_content_q``: no content signal, no match), and of them only the overlap with
   what the assignment asks is loaded.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from assignments.models import Assignment
from profiles.formats import REGULAR, WorkFormat

# Content signals: each gives a strength between 0 and 1; its weight is how sure a full-strength
# signal alone makes a match (the evidence is combined as 1 - prod(1 - weight x strength)).
CONTENT_WEIGHTS: dict[str, float] = {
    # share of the required expertise areas the person has (two shared count in full)
    "expertise": 0.9,
    # shared informative words of the title and summary (``TEXT_FULL`` shared count in full)
    "text": 0.8,
    # the person's field of work (werkveld) is the assignment's
    "field_of_work": 0.2,
    # share of the desired core qualities (kernkwaliteiten) the person has
    "core_qualities": 0.2,
}
# Refinements: each gives a fraction between 0 and 1, weighted within ``REFINE_SHARE`` of the score.
REFINE_WEIGHTS: dict[str, float] = {
    # remote work possible (1), the person works in its region (1), or partly remote and the
    # person also works remotely (0.5)
    "region": 0.5,
    # hours available of the hours asked (always all of them once the hard conditions hold)
    "hours": 0.3,
    # the person is a member of a network the assignment is shared in
    "networks": 0.2,
}
# The share of the score the refinements may add; the rest comes from content.
REFINE_SHARE = 0.2
# How many shared expertise areas, and how many shared words, make that signal full.
EXPERTISE_FULL = 2
TEXT_FULL = 3
# With a single content signal the score stays below 90.
SINGLE_SIGNAL_CAP = 89
# Matches below this score are neither stored nor recommended.
MIN_SCORE = 35
# Matches below this score wait for the digest instead of an instant alert.
# The content weights and both thresholds were chosen by a grid search on the evaluation's
# generated data (``bench/matching_eval.py --dump``; ``docs/matching.md``): the alert threshold
# keeps alert precision above 0.9 with margin (0.96) at a recall of 0.8.
ALERT_SCORE = 45
# "Niet interessant" on a similar assignment (same field of work or a shared expertise area)
# lowers a later match's score by this much per similar dismissal.
DISMISSED_PENALTY = 25
BATCH_SIZE = 500
# Recommendations score at most this many of the newest open assignments a person may see.
RECOMMENDATION_POOL = 300
# The poster's "suitable professionals" score at most this many of the most recently active
# eligible profiles they may see.
SUITABLE_POOL = 200


@dataclass(frozen=True)
class AssignmentFacts:
    """What matching needs of an assignment; taxonomy sets map id -> name."""

    pk: int
    # regular work asks hours a week; a short format (``profiles.formats``) asks dagdelen instead
    hours_per_week: int | None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    field_of_work: tuple[int, str] | None = None
    expertise: dict[int, str] = field(default_factory=dict)
    core_qualities: dict[int, str] = field(default_factory=dict)
    region: tuple[int, str] | None = None
    remote_option: str = Assignment.RemoteOption.HYBRID
    engagement_form_ids: frozenset[int] = frozenset()
    networks: dict[int, str] = field(default_factory=dict)
    co_owner_ids: frozenset[int] = frozenset()
    work_format: str = REGULAR
    # informative words of the title and summary: term (lexeme or token) -> the word shown
    terms: dict[str, str] = field(default_factory=dict)


# One "niet interessant": (assignment, its field of work, its expertise ids).
Dismissal = tuple[int, int | None, frozenset[int]]


@dataclass(frozen=True)
class ProfileFacts:
    """What matching needs of a profile (taxonomy sets may be cut to what the assignment asks)."""

    pk: int
    user_id: int
    open_to_assignments: bool = True
    hours_per_week: int | None = None
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    field_of_work_id: int | None = None
    expertise_ids: frozenset[int] = frozenset()
    core_quality_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    remote: bool = False
    engagement_form_ids: frozenset[int] = frozenset()
    network_ids: frozenset[int] = frozenset()
    # the profile's terms (may be cut to the assignment's terms)
    terms: frozenset[str] = frozenset()
    # assignments similar to the scored one that the person marked "niet interessant"
    dismissed_ids: frozenset[int] = frozenset()
    # the short formats the person is open to (codes; may be cut to the assignment's format)
    work_formats: frozenset[str] = frozenset()
    # all of the person's "niet interessant" (read by ``profile_facts``), so ``dismissed_ids`` can
    # be worked out per assignment without a query
    dismissals: tuple[Dismissal, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    score: int
    reasons: list[dict[str, Any]]
    blockers: list[str]
    # the names of the content signals found (expertise, text, field_of_work, core_qualities)
    signals: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.blockers

    @property
    def is_match(self) -> bool:
        """A match: the hard conditions hold, at least one content signal, and at least ``MIN_SCORE``."""
        return self.eligible and bool(self.signals) and self.score >= MIN_SCORE

    @property
    def alerts(self) -> bool:
        """Good enough for an instant alert (below it, a match waits for the digest)."""
        return self.is_match and self.score >= ALERT_SCORE

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(reason) for reason in self.reasons]


def assignment_period(facts: AssignmentFacts, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period a person must be available: from the start (or today) to the end (or the start)."""
    start = facts.start_date or today
    return start, facts.end_date or start


def hard_blockers(profile: ProfileFacts, assignment: AssignmentFacts, today: datetime.date) -> list[str]:
    """Which hard conditions fail (visibility is checked in SQL, see ``can_see_assignment_q``)."""
    blockers = []
    if assignment.work_format != REGULAR:
        # A short format asks no hours a week: the person must be open to this format instead.
        if assignment.work_format not in profile.work_formats:
            blockers.append("format")
    else:
        if not profile.open_to_assignments:
            blockers.append("not_open")
        if profile.hours_per_week is None or profile.hours_per_week < (assignment.hours_per_week or 0):
            blockers.append("hours")
    if assignment.engagement_form_ids and not (assignment.engagement_form_ids & profile.engagement_form_ids):
        blockers.append("engagement_form")
    start, end = assignment_period(assignment, today)
    if (profile.available_from and profile.available_from > start) or (
        profile.available_until and profile.available_until < end
    ):
        blockers.append("period")
    return blockers


def score(profile: ProfileFacts, assignment: AssignmentFacts, *, today: datetime.date | None = None) -> MatchResult:
    """Score ``profile`` for ``assignment``: 0 when a hard condition fails, else 0-100 with reasons.

    Reasons list the matched content first, then the refinements.
    """
    today = today or timezone.localdate()
    blockers = hard_blockers(profile, assignment, today)
    if assignment.pk in profile.dismissed_ids:
        blockers.append("dismissed")
    if blockers:
        return MatchResult(score=0, reasons=[], blockers=blockers)
    content = [
        _expertise_part(profile, assignment),
        _text_part(profile, assignment),
        _field_part(profile, assignment),
        _qualities_part(profile, assignment),
    ]
    refine = [_region_part(profile, assignment), _hours_part(profile, assignment), _networks_part(profile, assignment)]
    found = [(name, strength, reason) for name, strength, reason in content if strength > 0]
    if not found:
        return MatchResult(score=0, reasons=[], blockers=[], signals=())
    evidence = 1 - math.prod(1 - CONTENT_WEIGHTS[name] * strength for name, strength, _ in found)
    refined = sum(REFINE_WEIGHTS[name] * fraction for name, fraction, _ in refine)
    value = 100 * ((1 - REFINE_SHARE) * evidence + REFINE_SHARE * refined)
    if len(found) < 2:
        value = min(value, SINGLE_SIGNAL_CAP)
    similar = len(profile.dismissed_ids)
    value = max(0, value - DISMISSED_PENALTY * similar)
    reasons: list[dict[str, Any]] = [reason for _, _, reason in found if reason is not None]
    reasons += [r for _, fraction, r in refine if r is not None and fraction > 0]
    if similar:
        reasons.append({"code": "dismissed", "count": similar})
    return MatchResult(score=round(value), reasons=reasons, blockers=[], signals=tuple(name for name, _, _ in found))


# Each part returns (name, strength or fraction, reason); a part that is not asked gives 0.


def _expertise_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    matched = sorted(assignment.expertise[pk] for pk in profile.expertise_ids & assignment.expertise.keys())
    if not matched:
        return "expertise", 0.0, None
    reason = {"code": "expertise", "matched": matched, "asked": len(assignment.expertise)}
    return "expertise", min(1.0, len(matched) / min(EXPERTISE_FULL, len(assignment.expertise))), reason


def _text_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    shared = sorted(profile.terms & assignment.terms.keys())
    if not shared:
        return "text", 0.0, None
    words = sorted({assignment.terms[term] for term in shared})
    return "text", min(1.0, len(shared) / TEXT_FULL), {"code": "text", "words": words}


def _field_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if assignment.field_of_work is None or profile.field_of_work_id != assignment.field_of_work[0]:
        return "field_of_work", 0.0, None
    return "field_of_work", 1.0, {"code": "field_of_work", "name": assignment.field_of_work[1]}


def _qualities_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    shared = profile.core_quality_ids & assignment.core_qualities.keys()
    if not shared:
        return "core_qualities", 0.0, None
    matched = sorted(assignment.core_qualities[pk] for pk in shared)
    reason = {"code": "core_qualities", "matched": matched, "asked": len(assignment.core_qualities)}
    return "core_qualities", len(matched) / len(assignment.core_qualities), reason


def _region_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    remote = Assignment.RemoteOption
    if assignment.remote_option == remote.REMOTE:
        return "region", 1.0, {"code": "remote"}
    if assignment.region is not None and assignment.region[0] in profile.region_ids:
        return "region", 1.0, {"code": "region", "name": assignment.region[1]}
    if assignment.remote_option == remote.HYBRID and profile.remote:
        return "region", 0.5, {"code": "partly_remote"}
    return "region", 0.0, None


def _networks_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    shared = sorted(assignment.networks[pk] for pk in profile.network_ids & assignment.networks.keys())
    if not shared:
        return "networks", 0.0, None
    return "networks", 1.0, {"code": "networks", "names": shared}


def _hours_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if assignment.work_format != REGULAR:
        # The hard conditions hold: the person is open to this short format, which is all it asks.
        return "hours", 1.0, {"code": "format", "format": assignment.work_format}
    asked = assignment.hours_per_week or 0
    available = min(profile.hours_per_week or 0, asked)
    reason = {"code": "hours", "available": available, "asked": asked}
    return "hours", available / asked if asked else 1.0, reason


def why(reasons: list[dict[str, Any]]) -> str:
    """The reasons in one line (the first two: the matched content comes first)."""
    return "; ".join(text for text in (reason_text(r) for r in reasons[:2]) if text)


def reason_text(reason: dict[str, Any]) -> str:
    """One reason in words, in the active language."""
    code = reason.get("code")
    if code == "expertise":
        return ngettext(
            "%(count)d of %(asked)d expertise area: %(names)s",
            "%(count)d of %(asked)d expertise areas: %(names)s",
            reason["asked"],
        ) % {"count": len(reason["matched"]), "asked": reason["asked"], "names": ", ".join(reason["matched"])}
    if code == "core_qualities":
        return ngettext(
            "%(count)d of %(asked)d core quality: %(names)s",
            "%(count)d of %(asked)d core qualities: %(names)s",
            reason["asked"],
        ) % {"count": len(reason["matched"]), "asked": reason["asked"], "names": ", ".join(reason["matched"])}
    if code == "field_of_work":
        return gettext("same field: %(name)s") % {"name": reason["name"]}
    if code == "region":
        return gettext("works in %(name)s") % {"name": reason["name"]}
    if code == "remote":
        return gettext("can be done remotely")
    if code == "partly_remote":
        return gettext("partly remote, and you also work remotely")
    if code == "networks":
        return gettext("member of %(names)s") % {"names": ", ".join(reason["names"])}
    if code == "hours":
        return gettext("available %(available)d of the %(asked)d hours asked") % reason
    if code == "format":
        name = dict(WorkFormat.Code.choices).get(reason["format"], reason["format"])
        return gettext("open to this short format: %(format)s") % {"format": name}
    if code == "text":
        return gettext("words in common: %(words)s") % {"words": ", ".join(reason["words"])}
    if code == "dismissed":
        return ngettext(
            "lower: you marked %(count)d similar assignment as not interesting",
            "lower: you marked %(count)d similar assignments as not interesting",
            reason["count"],
        ) % {"count": reason["count"]}
    return ""
