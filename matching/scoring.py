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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from assignments.models import Assignment
from matching.models import Match
from networks.models import Membership, Partnership
from networks.selectors import in_any_network_q, viewer_for
from profiles.models import Profile

if TYPE_CHECKING:
    from marketplace.models import User

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


# --- Who may see an assignment, written from the person's side ---------------------------------


def partner_network_ids(network_ids: Iterable[int]) -> set[int]:
    """Networks in an accepted partnership with any of ``network_ids``."""
    ids = set(network_ids)
    if not ids:
        return set()
    partners: set[int] = set()
    for a, b in Partnership.objects.filter(
        Q(proposer_id__in=ids) | Q(partner_id__in=ids), status=Partnership.Status.ACCEPTED
    ).values_list("proposer_id", "partner_id"):
        partners.update({a, b})
    return partners


def _user_path(user_ref: str, lookup: str) -> str:
    """``lookup`` on the user referenced as ``user_ref`` (``"pk"``: the row is the user itself)."""
    return lookup if user_ref == "pk" else f"{user_ref}__{lookup}"


def can_see_assignment_q(assignment: Assignment, user_ref: str = "user") -> Q:
    """A condition on rows whose ``user_ref`` (``"user"`` on Profile, ``"pk"`` on User) may see ``assignment``.

    Mirrors ``AssignmentQuerySet.visible_to`` clause by clause for the one assignment, so the
    set of people is found in SQL; ``tests/matching/test_visibility_property.py`` proves the
    two agree on random worlds.

    "Verified" and "employed by the organisation" are conditions on the (one-to-one) employment
    joined to the row, so PostgreSQL probes the employment of each candidate it reads instead of
    hashing every employment of the platform first. The assignment's networks and owners come
    from its cached facts (``assignment_facts``): no query of their own.
    """
    A = Assignment
    field = lambda lookup: f"{user_ref}__{lookup}" if lookup else user_ref  # noqa: E731
    verified = Q(**{_user_path(user_ref, "employment__isnull"): False})
    network_ids = set(assignment_facts(assignment).networks)
    nothing = Q(**{field("in"): []})
    audience = nothing
    if assignment.status in A.PUBLISHED:
        if assignment.audience == A.Audience.PUBLIC:
            audience = Q(**{field("isnull"): False})
        elif assignment.audience == A.Audience.PLATFORM:
            audience = verified
        elif assignment.audience == A.Audience.ORGANISATION:
            audience = Q(**{_user_path(user_ref, "employment__organisation_id"): assignment.organisation_id})
        elif assignment.audience == A.Audience.NETWORKS and network_ids:
            reach = network_ids | (partner_network_ids(network_ids) if assignment.share_with_partners else set())
            audience = verified & in_any_network_q(user_ref, reach)
    condition = audience | Q(**{field("in"): sorted(owner_ids(assignment))})
    moderating = [A.Status.AWAITING_MODERATION, *A.PUBLISHED]
    if network_ids and assignment.audience == A.Audience.NETWORKS and assignment.status in moderating:
        coordinates = Membership.objects.filter(
            user=OuterRef(user_ref),
            role=Membership.Role.COORDINATOR,
            status=Membership.Status.ACTIVE,
            network_id__in=network_ids,
        )
        condition |= verified & Q(Exists(coordinates))
    return condition


def owner_ids(assignment: Assignment) -> set[int]:
    """The poster and the co-owners (from the cached facts: no query of its own)."""
    posted_by = {assignment.posted_by_id} if assignment.posted_by_id else set()
    return posted_by | set(assignment_facts(assignment).co_owner_ids)


# --- Candidates and batch loading --------------------------------------------------------------


def eligible_profiles(
    assignment: Assignment, *, today: datetime.date | None = None, base: QuerySet[Profile] | None = None
) -> QuerySet[Profile]:
    """Profiles that pass every hard condition for ``assignment`` (its owners excluded), in SQL.

    ``base`` narrows the profiles first (``Profile.objects.visible_to(viewer)`` for the poster's
    list): one scan that applies both, instead of a second scan of the visible set.
    """
    facts = assignment_facts(assignment)
    start, end = assignment_period(facts, today or timezone.localdate())
    qs = (
        (Profile.objects.all() if base is None else base)
        .filter(
            open_to_assignments=True, is_hidden=False, user__is_active=True, hours_per_week__gte=facts.hours_per_week
        )
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=start))
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=end))
        .filter(can_see_assignment_q(assignment))
        .exclude(user_id__in=owner_ids(assignment))
    )
    if facts.engagement_form_ids:
        accepts = Profile.engagement_forms.through.objects.filter(
            profile_id=OuterRef("pk"), engagementform_id__in=facts.engagement_form_ids
        )
        qs = qs.filter(Exists(accepts))
    return qs


def assignment_facts(assignment: Assignment) -> AssignmentFacts:
    cached = getattr(assignment, "_matching_facts", None)
    if cached is None:
        cached = assignment_facts_many([assignment])[assignment.pk]
        assignment._matching_facts = cached
    return cached


def _facts_rows(qs: QuerySet, kind: str, owner: Any, pk: Any, name: Any) -> QuerySet:
    """``(kind, owner, pk, name)`` rows of ``qs``, to be put in one ``UNION ALL``."""
    return (
        qs.order_by()
        .annotate(
            facts_kind=Value(kind, output_field=CharField()),
            facts_owner=Cast(owner, output_field=IntegerField()),
            facts_pk=Cast(pk, output_field=IntegerField()),
            facts_name=Cast(name, output_field=CharField()),
        )
        .values_list("facts_kind", "facts_owner", "facts_pk", "facts_name")
    )


def assignment_facts_many(assignments: list[Assignment]) -> dict[int, AssignmentFacts]:
    """Facts of several assignments in one query (a ``UNION ALL`` of the taxonomies, networks,
    engagement forms, co-owners and the names of the field of work and region)."""
    ids = [a.pk for a in assignments]
    if not ids:
        return {}
    A = Assignment
    parts = [
        _facts_rows(
            A.expertise.through.objects.filter(assignment_id__in=ids),
            "expertise",
            F("assignment_id"),
            F("expertise_id"),
            F("expertise__name"),
        ),
        _facts_rows(
            A.core_qualities.through.objects.filter(assignment_id__in=ids),
            "quality",
            F("assignment_id"),
            F("corequality_id"),
            F("corequality__name"),
        ),
        _facts_rows(
            A.networks.through.objects.filter(assignment_id__in=ids),
            "network",
            F("assignment_id"),
            F("network_id"),
            F("network__name"),
        ),
        _facts_rows(
            A.engagement_forms.through.objects.filter(assignment_id__in=ids),
            "form",
            F("assignment_id"),
            F("engagementform_id"),
            Value(""),
        ),
        _facts_rows(
            A.co_owners.through.objects.filter(assignment_id__in=ids),
            "owner",
            F("assignment_id"),
            F("user_id"),
            Value(""),
        ),
        _facts_rows(
            A.objects.filter(pk__in=ids, field_of_work__isnull=False),
            "field",
            F("pk"),
            F("field_of_work_id"),
            F("field_of_work__name"),
        ),
        _facts_rows(
            A.objects.filter(pk__in=ids, region__isnull=False), "region", F("pk"), F("region_id"), F("region__name")
        ),
    ]
    named: dict[str, dict[int, dict[int, str]]] = {}
    for kind, owner, pk, name in parts[0].union(*parts[1:], all=True):
        named.setdefault(kind, {}).setdefault(owner, {})[pk] = name
    facts = {}
    for a in assignments:
        field_name = named.get("field", {}).get(a.pk, {}).get(a.field_of_work_id)
        region_name = named.get("region", {}).get(a.pk, {}).get(a.region_id)
        facts[a.pk] = AssignmentFacts(
            pk=a.pk,
            hours_per_week=a.hours_per_week,
            start_date=a.start_date,
            end_date=a.end_date,
            field_of_work=(a.field_of_work_id, field_name) if a.field_of_work_id else None,
            expertise=named.get("expertise", {}).get(a.pk, {}),
            core_qualities=named.get("quality", {}).get(a.pk, {}),
            region=(a.region_id, region_name) if a.region_id else None,
            remote_option=a.remote_option,
            engagement_form_ids=frozenset(named.get("form", {}).get(a.pk, {})),
            networks=named.get("network", {}).get(a.pk, {}),
            co_owner_ids=frozenset(named.get("owner", {}).get(a.pk, {})),
        )
    return facts


PROFILE_FIELDS = (
    "pk",
    "user_id",
    "open_to_assignments",
    "hours_per_week",
    "available_from",
    "available_until",
    "field_of_work_id",
    "remote",
)


def profile_facts_for(profile_ids: list[int], facts: AssignmentFacts) -> dict[int, ProfileFacts]:
    """Facts of a batch of profiles, cut to what ``facts`` asks: two queries."""
    rows = list(Profile.objects.filter(pk__in=profile_ids).values_list(*PROFILE_FIELDS))
    return _profile_facts_from_rows(rows, facts)


def _profile_facts_from_rows(rows: list[tuple], facts: AssignmentFacts) -> dict[int, ProfileFacts]:
    """Facts of profiles from their ``PROFILE_FIELDS`` rows: what they share with ``facts`` in one query.

    One ``UNION ALL`` of (kind, profile, id) rows: the asked expertise, core qualities, region and
    engagement forms they have, and the assignment's networks they are members of.
    """
    ids = [row[0] for row in rows]
    P = Profile
    blank = Value("")
    parts = []
    if ids and facts.expertise:
        through = P.expertise.through.objects.filter(profile_id__in=ids, expertise_id__in=list(facts.expertise))
        parts.append(_facts_rows(through, "expertise", F("profile_id"), F("expertise_id"), blank))
    if ids and facts.core_qualities:
        through = P.core_qualities.through.objects.filter(
            profile_id__in=ids, corequality_id__in=list(facts.core_qualities)
        )
        parts.append(_facts_rows(through, "quality", F("profile_id"), F("corequality_id"), blank))
    if ids and facts.region:
        through = P.regions.through.objects.filter(profile_id__in=ids, region_id=facts.region[0])
        parts.append(_facts_rows(through, "region", F("profile_id"), F("region_id"), blank))
    if ids and facts.engagement_form_ids:
        through = P.engagement_forms.through.objects.filter(
            profile_id__in=ids, engagementform_id__in=sorted(facts.engagement_form_ids)
        )
        parts.append(_facts_rows(through, "form", F("profile_id"), F("engagementform_id"), blank))
    for network_id in sorted(facts.networks) if ids else []:
        members = Profile.objects.filter(pk__in=ids).filter(in_any_network_q("user", {network_id}))
        parts.append(_facts_rows(members, "network", F("pk"), Value(network_id), blank))
    shared: dict[str, dict[int, set[int]]] = {}
    if parts:
        for kind, profile_id, pk, _name in parts[0].union(*parts[1:], all=True):
            shared.setdefault(kind, {}).setdefault(profile_id, set()).add(pk)

    def of(kind: str, pk: int) -> frozenset[int]:
        return frozenset(shared.get(kind, {}).get(pk, ()))

    return {
        row[0]: ProfileFacts(
            **dict(zip(PROFILE_FIELDS, row, strict=True)),
            expertise_ids=of("expertise", row[0]),
            core_quality_ids=of("quality", row[0]),
            region_ids=of("region", row[0]),
            engagement_form_ids=of("form", row[0]),
            network_ids=of("network", row[0]),
        )
        for row in rows
    }


def profile_facts(profile: Profile) -> ProfileFacts:
    """All facts of one profile (for scoring it against many assignments): its four taxonomies in one query."""
    viewer = viewer_for(profile.user)
    P = Profile
    mine = {"profile_id": profile.pk}
    owner, blank = F("profile_id"), Value("")
    parts = [
        _facts_rows(P.expertise.through.objects.filter(**mine), "expertise", owner, F("expertise_id"), blank),
        _facts_rows(P.core_qualities.through.objects.filter(**mine), "quality", owner, F("corequality_id"), blank),
        _facts_rows(P.regions.through.objects.filter(**mine), "region", owner, F("region_id"), blank),
        _facts_rows(P.engagement_forms.through.objects.filter(**mine), "form", owner, F("engagementform_id"), blank),
    ]
    ids: dict[str, set[int]] = {"expertise": set(), "quality": set(), "region": set(), "form": set()}
    for kind, _owner, pk, _name in parts[0].union(*parts[1:], all=True):
        ids[kind].add(pk)
    return ProfileFacts(
        pk=profile.pk,
        user_id=profile.user_id,
        open_to_assignments=profile.open_to_assignments,
        hours_per_week=profile.hours_per_week,
        available_from=profile.available_from,
        available_until=profile.available_until,
        field_of_work_id=profile.field_of_work_id,
        expertise_ids=frozenset(ids["expertise"]),
        core_quality_ids=frozenset(ids["quality"]),
        region_ids=frozenset(ids["region"]),
        remote=profile.remote,
        engagement_form_ids=frozenset(ids["form"]),
        network_ids=viewer.network_ids,
    )


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    user_id: int
    result: MatchResult


def candidate_batch(
    assignment: Assignment, *, after: int = 0, batch_size: int = BATCH_SIZE, today: datetime.date | None = None
) -> tuple[int, list[Candidate]] | None:
    """The next batch of eligible profiles after profile id ``after``: ``(last_id, matches)``, or None.

    Keyset pagination by profile id with a fixed number of queries per batch; only results of
    at least ``MIN_SCORE`` are returned, and ``last_id`` lets the caller resume.
    """
    facts = assignment_facts(assignment)
    base = eligible_profiles(assignment, today=today).order_by("pk").values_list("pk", flat=True)
    ids = list(base.filter(pk__gt=after)[:batch_size])
    if not ids:
        return None
    loaded = profile_facts_for(ids, facts)
    found = []
    for pk in ids:
        result = score(loaded[pk], facts, today=today)
        if result.eligible and result.score >= MIN_SCORE:
            found.append(Candidate(profile_id=pk, user_id=loaded[pk].user_id, result=result))
    return ids[-1], found


def iter_candidates(
    assignment: Assignment, *, batch_size: int = BATCH_SIZE, today: datetime.date | None = None
) -> Iterator[Candidate]:
    """Every match of ``assignment`` (score at least ``MIN_SCORE``), read in batches."""
    cursor = 0
    while (batch := candidate_batch(assignment, after=cursor, batch_size=batch_size, today=today)) is not None:
        cursor, found = batch
        yield from found


# --- Recommendations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    assignment: Assignment
    result: MatchResult


def recommendations_for(user: User, *, limit: int = 10, today: datetime.date | None = None) -> list[Recommendation]:
    """The best open assignments for ``user``'s profile, with reasons; only ones the user may see."""
    profile = Profile.objects.filter(user=user).first()
    return recommendations_for_profile(user, profile, limit=limit, today=today)


def recommendations_for_profile(
    user: User, profile: Profile | None, *, limit: int = 10, today: datetime.date | None = None
) -> list[Recommendation]:
    """``recommendations_for`` with the profile the caller has already read (or None).

    Scores the newest ``RECOMMENDATION_POOL`` open assignments that pass the hard conditions
    (read through ``Assignment.objects.visible_to``), so the cost does not grow with the number
    of assignments.
    """
    if profile is None or not profile.open_to_assignments or not profile.hours_per_week:
        return []
    profile.user = user  # reuse the viewer already cached on the request's user
    facts = profile_facts(profile)
    today = today or timezone.localdate()
    pool = list(
        Assignment.objects.visible_to(user)
        .open()
        .exclude(posted_by=user)
        .exclude(co_owners=user)
        .filter(hours_per_week__lte=profile.hours_per_week)
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:RECOMMENDATION_POOL]
    )
    all_facts = assignment_facts_many(pool)
    scored = [Recommendation(a, score(facts, all_facts[a.pk], today=today)) for a in pool]
    good = [r for r in scored if r.result.eligible and r.result.score >= MIN_SCORE]
    good.sort(key=lambda r: (-r.result.score, -(r.assignment.published_at or timezone.now()).timestamp()))
    return good[:limit]


@dataclass(frozen=True)
class Suitable:
    profile: Profile
    result: MatchResult
    invited: bool


def suitable_profiles(assignment: Assignment, viewer: User, *, limit: int = 20) -> list[Suitable]:
    """The best professionals for ``assignment`` that ``viewer`` may see (``Profile.objects.visible_to``).

    A bounded pool: the ``SUITABLE_POOL`` most recently active profiles that pass the hard
    conditions *and* the visibility rule, found in one query (which also says whether each was
    invited already); they are scored in Python and the best ``limit`` shown. Eight queries
    whatever the data size: the facts, the pool, what the pool shares with the assignment, the
    profiles shown.
    """
    facts = assignment_facts(assignment)
    invited = Exists(Match.objects.filter(assignment=assignment, profile=OuterRef("pk"), invited_at__isnull=False))
    pool = list(
        eligible_profiles(assignment, base=Profile.objects.visible_to(viewer))
        .annotate(already_invited=invited)
        .order_by("-last_active_at", "pk")
        .values_list(*PROFILE_FIELDS, "already_invited")[: max(limit * 10, SUITABLE_POOL)]
    )
    was_invited = {row[0]: row[-1] for row in pool}
    loaded = _profile_facts_from_rows([row[:-1] for row in pool], facts)
    results = [(pk, score(loaded[pk], facts)) for pk in loaded]
    results = [(pk, r) for pk, r in results if r.eligible and r.score >= MIN_SCORE]
    results.sort(key=lambda item: (-item[1].score, item[0]))
    results = results[:limit]
    profiles = Profile.objects.in_bulk([pk for pk, _ in results]) if results else {}
    return [Suitable(profiles[pk], r, invited=bool(was_invited[pk])) for pk, r in results]
