"""Matching: a score from 0 to 100 for a profile and an assignment, with its reasons in words.

How it works:

1. Hard conditions first, in SQL (``eligible_profiles``): the person is open to assignments,
   has an active account, may see the assignment (``can_see_assignment_q``, the visibility
   rule of ``Assignment.objects.visible_to`` written from the person's side), accepts one of
   its engagement forms, and is available for its whole period for at least the hours asked.
   The pure ``score`` checks the same conditions again on loaded facts.
2. Then a weighted overlap (``WEIGHTS``, the one place for weights). A part counts only when
   the assignment asks for it (an assignment without required expertise does not punish
   anyone for lacking it): score = 100 x sum(weight x fraction) / sum(weights that count).
3. Candidates are read in batches, keyset-paginated by profile id, with a fixed number of
   queries per batch; only the overlap with what the assignment asks is loaded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from assignments.models import Assignment

if TYPE_CHECKING:
    pass

# The weights of the parts of a match. Each part gives a fraction between 0 and 1:
WEIGHTS: dict[str, int] = {
    # share of the required expertise areas the person has
    "expertise": 35,
    # the person's field of work (werkveld) is the assignment's
    "field_of_work": 20,
    # share of the desired core qualities (kernkwaliteiten) the person has
    "core_qualities": 15,
    # remote work possible (1), the person works in its region (1), or partly remote and the
    # person also works remotely (0.5)
    "region": 15,
    # the person is a member of a network the assignment is shared in
    "networks": 10,
    # hours available of the hours asked (always all of them once the hard conditions hold)
    "hours": 5,
}
# Matches below this score are neither stored nor told.
MIN_SCORE = 50
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
    hours_per_week: int
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


@dataclass(frozen=True)
class MatchResult:
    score: int
    reasons: list[dict[str, Any]]
    blockers: list[str]

    @property
    def eligible(self) -> bool:
        return not self.blockers

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
    if not profile.open_to_assignments:
        blockers.append("not_open")
    if assignment.engagement_form_ids and not (assignment.engagement_form_ids & profile.engagement_form_ids):
        blockers.append("engagement_form")
    if profile.hours_per_week is None or profile.hours_per_week < assignment.hours_per_week:
        blockers.append("hours")
    start, end = assignment_period(assignment, today)
    if (profile.available_from and profile.available_from > start) or (
        profile.available_until and profile.available_until < end
    ):
        blockers.append("period")
    return blockers


def score(profile: ProfileFacts, assignment: AssignmentFacts, *, today: datetime.date | None = None) -> MatchResult:
    """Score ``profile`` for ``assignment``: 0 when a hard condition fails, else 0-100 with reasons."""
    today = today or timezone.localdate()
    blockers = hard_blockers(profile, assignment, today)
    if blockers:
        return MatchResult(score=0, reasons=[], blockers=blockers)
    parts: list[tuple[str, float, dict[str, Any] | None]] = [
        _expertise_part(profile, assignment),
        _field_part(profile, assignment),
        _qualities_part(profile, assignment),
        _region_part(profile, assignment),
        _networks_part(profile, assignment),
        _hours_part(profile, assignment),
    ]
    counted = [(name, fraction, reason) for name, fraction, reason in parts if fraction >= 0]
    total = sum(WEIGHTS[name] for name, _, _ in counted)
    earned = sum(WEIGHTS[name] * fraction for name, fraction, _ in counted)
    reasons = [reason for _, fraction, reason in counted if reason is not None and fraction > 0]
    return MatchResult(score=round(100 * earned / total), reasons=reasons, blockers=[])


# Each part returns (name, fraction, reason); a fraction of -1 means "not asked, not counted".


def _expertise_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if not assignment.expertise:
        return "expertise", -1, None
    matched = sorted(assignment.expertise[pk] for pk in profile.expertise_ids & assignment.expertise.keys())
    reason = {"code": "expertise", "matched": matched, "asked": len(assignment.expertise)}
    return "expertise", len(matched) / len(assignment.expertise), reason


def _field_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if assignment.field_of_work is None:
        return "field_of_work", -1, None
    same = profile.field_of_work_id == assignment.field_of_work[0]
    return "field_of_work", 1.0 if same else 0.0, {"code": "field_of_work", "name": assignment.field_of_work[1]}


def _qualities_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if not assignment.core_qualities:
        return "core_qualities", -1, None
    shared = profile.core_quality_ids & assignment.core_qualities.keys()
    matched = sorted(assignment.core_qualities[pk] for pk in shared)
    reason = {"code": "core_qualities", "matched": matched, "asked": len(assignment.core_qualities)}
    return "core_qualities", len(matched) / len(assignment.core_qualities), reason


def _region_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    remote = Assignment.RemoteOption
    if assignment.remote_option == remote.REMOTE:
        return "region", 1.0, {"code": "remote"}
    if assignment.region is None:
        return "region", -1, None
    if assignment.region[0] in profile.region_ids:
        return "region", 1.0, {"code": "region", "name": assignment.region[1]}
    if assignment.remote_option == remote.HYBRID and profile.remote:
        return "region", 0.5, {"code": "partly_remote"}
    return "region", 0.0, None


def _networks_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    if not assignment.networks:
        return "networks", -1, None
    shared = sorted(assignment.networks[pk] for pk in profile.network_ids & assignment.networks.keys())
    return "networks", 1.0 if shared else 0.0, {"code": "networks", "names": shared}


def _hours_part(profile: ProfileFacts, assignment: AssignmentFacts) -> tuple[str, float, dict | None]:
    available = min(profile.hours_per_week or 0, assignment.hours_per_week)
    reason = {"code": "hours", "available": available, "asked": assignment.hours_per_week}
    return "hours", available / assignment.hours_per_week, reason


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
    return ""
