"""Matching's reads: who may see an assignment (from the person's side), eligible candidates in
batches, their facts, recommendations and suitable professionals. Scores come from ``scoring``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from assignments.models import Assignment, owner_q
from marketplace.lib.queries import PerRow
from matching.models import Match
from networks.admissions import admitted_independent_q
from networks.models import Membership, Partnership
from networks.selectors import in_any_network_q, viewer_for
from profiles.discreet import hidden_organisation_ids
from profiles.formats import REGULAR
from profiles.models import Profile, hides_from_q
from profiles.selectors import ACTIVE_FIRST

if TYPE_CHECKING:
    from marketplace.models import User


from matching.facts import (
    PROFILE_FIELDS,
    assignment_facts,
    assignment_facts_many,
    dismissed_for,
    profile_facts,
    profile_facts_for,
    profile_facts_from_rows,
    shares_content_q,
)
from matching.scoring import (
    BATCH_SIZE,
    RECOMMENDATION_POOL,
    SUITABLE_POOL,
    AssignmentFacts,
    MatchResult,
    assignment_period,
    score,
)

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
            # Admitted independents see the assignment's own networks, not its partners'.
            audience = (verified & in_any_network_q(user_ref, reach)) | admitted_independent_q(user_ref, network_ids)
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


def hides_from_assignment(assignment: Assignment, user_ref: str = "pk") -> Exists:
    """Whether the person referenced by ``user_ref`` hides from the assignment's organisation (discreet mode).

    Correlated on the person's own profile and kept so (``PerRow``), so PostgreSQL probes one
    profile per row by its unique ``user_id`` index. An uncorrelated ``NOT IN (discreet profiles)``
    read every profile of the platform (no index on ``discreet``) for each email batch: 0.12 s at
    100,000 profiles; as a plain ``NOT EXISTS`` PostgreSQL made it an anti-join that scanned every
    profile in parallel, 75 ms per email batch at a million (21 s of a fan-out's emails).
    """
    return PerRow(_own_profile_hiding(assignment, user_ref))


def _own_profile_hiding(assignment: Assignment, user_ref: str) -> QuerySet[Profile]:
    """The profile of the person ``user_ref`` refers to, if it hides from the assignment's organisation."""
    return Profile.objects.filter(hides_from_q(assignment.organisation_id), user_id=OuterRef(user_ref))


def hiding_among(assignment: Assignment, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` hide from the assignment's organisation (discreet mode): one query.

    The people by primary key, each probed on their own profile (the unique ``user_id`` index,
    ``PerRow``) with ``hides_from_q``. Kept out of the query that checks who may see the
    assignment: as an anti-join there, PostgreSQL charged the organisation's hashed employee set
    once per candidate and chose a parallel scan of every user instead (0.14 s per batch of 500
    saved searches at a million: two minutes of a fan-out). An uncorrelated
    ``NOT IN (discreet profiles)`` before that read every profile per batch.
    """
    from marketplace.models import User

    ids = list(user_ids)
    if not ids:
        return set()
    hiding = PerRow(_own_profile_hiding(assignment, "pk"))
    return set(User.objects.filter(pk__in=ids).filter(hiding).values_list("pk", flat=True))


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
        .filter(is_hidden=False, user__is_active=True)
        .filter(open_to_kind_q(facts))
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=start))
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=end))
        .filter(can_see_assignment_q(assignment))
        .exclude(user_id__in=owner_ids(assignment))
        # Discreet mode: never offered for (nor to) an organisation the person hides from.
        .exclude(hides_from_q(assignment.organisation_id))
    )
    if facts.engagement_form_ids:
        accepts = Profile.engagement_forms.through.objects.filter(
            profile_id=OuterRef("pk"), engagementform_id__in=facts.engagement_form_ids
        )
        qs = qs.filter(Exists(accepts))
    return qs


def open_to_kind_q(facts: AssignmentFacts) -> Q:
    """Open to this kind of work: to assignments with the hours asked, or to the short format asked."""
    if facts.work_format == REGULAR:
        return Q(open_to_assignments=True, hours_per_week__gte=facts.hours_per_week)
    formats = Profile.work_formats.through.objects.filter(profile_id=OuterRef("pk"), workformat__code=facts.work_format)
    return Q(Exists(formats))


def kinds_open_to_q(profile: Profile, work_formats: frozenset[str]) -> Q | None:
    """Assignments of a kind ``profile`` is open to (the reverse of ``open_to_kind_q``); None: no kind at all."""
    condition = Q(pk__in=[])
    if profile.open_to_assignments and profile.hours_per_week:
        condition |= Q(work_format=REGULAR, hours_per_week__lte=profile.hours_per_week)
    if work_formats:
        condition |= Q(work_format__in=sorted(work_formats))
    return None if condition == Q(pk__in=[]) else condition


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    user_id: int
    result: MatchResult


def candidate_batch(
    assignment: Assignment, *, after: int = 0, batch_size: int = BATCH_SIZE, today: datetime.date | None = None
) -> tuple[int, list[Candidate]] | None:
    """The next batch of eligible profiles that share content with ``assignment``, after profile id
    ``after``: ``(last_id, matches)``, or None.

    Keyset pagination by profile id with a fixed number of queries per batch; only results of
    at least ``MIN_SCORE`` with a content signal (``MatchResult.is_match``) are returned, and
    ``last_id`` lets the caller resume.
    """
    facts = assignment_facts(assignment)
    base = eligible_profiles(assignment, today=today)
    # Only profiles that share some content can match: the others are neither loaded nor scored.
    shares = shares_content_q(facts)
    if shares is not None:
        base = base.filter(shares)
    ids = list(base.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch_size])
    if not ids:
        return None
    loaded = profile_facts_for(ids, facts)
    found = []
    for pk in ids:
        result = score(loaded[pk], facts, today=today)
        if result.is_match:
            found.append(Candidate(profile_id=pk, user_id=loaded[pk].user_id, result=result))
    return ids[-1], found


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
    if profile is None:
        return []
    profile.user = user  # reuse the viewer already cached on the request's user
    facts = profile_facts(profile)
    kinds = kinds_open_to_q(profile, facts.work_formats)
    if kinds is None:
        return []
    today = today or timezone.localdate()
    pool = list(
        Assignment.objects.visible_to(user)
        .open()
        # Not their own: tested on each row (poster, or a co-owner probe), not a set of every
        # assignment they own built by reading the whole table (an OR cannot use an index).
        .exclude(owner_q(viewer_for(user)))
        .filter(kinds)
        .exclude(organisation_id__in=hidden_organisation_ids(profile))
        .select_related("organisation")
        # Cards show the title, summary and dates; the long text and the stored vector stay in the database.
        .defer("description", "search_vector")
        .order_by("-published_at", "-pk")[:RECOMMENDATION_POOL]
    )
    all_facts = assignment_facts_many(pool)
    dismissals = facts.dismissals
    scored = [
        Recommendation(
            a,
            score(
                replace(facts, dismissed_ids=dismissed_for(dismissals, all_facts[a.pk])) if dismissals else facts,
                all_facts[a.pk],
                today=today,
            ),
        )
        for a in pool
    ]
    good = [r for r in scored if r.result.is_match]
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
        # The directory's order: an index-only walk of profile_directory_order, which covers the
        # hard conditions and the visibility rule's columns (not a heap fetch per profile walked).
        .order_by(*ACTIVE_FIRST)
        .values_list(*PROFILE_FIELDS, "already_invited")[: max(limit * 10, SUITABLE_POOL)]
    )
    was_invited = {row[0]: row[-1] for row in pool}
    loaded = profile_facts_from_rows([row[:-1] for row in pool], facts)
    results = [(pk, score(loaded[pk], facts)) for pk in loaded]
    results = [(pk, r) for pk, r in results if r.is_match]
    results.sort(key=lambda item: (-item[1].score, item[0]))
    results = results[:limit]
    profiles = Profile.objects.in_bulk([pk for pk, _ in results]) if results else {}
    return [Suitable(profiles[pk], r, invited=bool(was_invited[pk])) for pk, r in results]


def match_results_for_users(
    assignment: Assignment, user_ids: Iterable[int], *, today: datetime.date | None = None
) -> dict[int, MatchResult]:
    """``user_id -> MatchResult`` for the profiles of these people on ``assignment``, with the same scorer.

    For the places where decisions are made (the opdrachtgever's reactions and a placement's
    "Past" signal): whoever reacted is scored, matched or not. At most three queries, whatever
    the number of people: the assignment's facts (unless cached), the profiles, what they share.
    """
    ids = list(user_ids)
    if not ids:
        return {}
    facts = assignment_facts(assignment)
    rows = list(Profile.objects.filter(user_id__in=ids).values_list(*PROFILE_FIELDS))
    loaded = profile_facts_from_rows(rows, facts)
    return {f.user_id: score(f, facts, today=today) for f in loaded.values()}


def match_of(assignment: Assignment, profile: Profile) -> MatchResult:
    """How well ``profile`` fits ``assignment``, with the reasons: four queries."""
    facts = assignment_facts(assignment)
    return score(profile_facts_for([profile.pk], facts)[profile.pk], facts)
