"""The facts matching scores: loaded for many profiles or assignments in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat

from assignments.models import Assignment
from marketplace.lib.queries import Ids, compiled_rows, tagged, union_all
from marketplace.lib.search import is_postgres
from matching import text
from matching.models import MatchFeedback
from matching.scoring import (
    AssignmentFacts,
    Dismissal,
    ProfileFacts,
)
from networks.selectors import in_any_network_q, viewer_for
from profiles.formats import REGULAR
from profiles.models import Profile

# The profile's own words (the stored vector holds these and its taxonomy names).
PROFILE_TEXT = ("headline", "job_title", "bio")


def _profile_text() -> Concat:
    parts: list = []
    for name in PROFILE_TEXT:
        parts += [F(name), Value(" ")]
    return Concat(*parts, output_field=TextField())


def assignment_facts(assignment: Assignment) -> AssignmentFacts:
    cached = getattr(assignment, "_matching_facts", None)
    if cached is None:
        cached = assignment_facts_many([assignment])[assignment.pk]
        assignment._matching_facts = cached
    return cached


def _assignment_union(ids: Ids) -> QuerySet:
    """(kind, assignment, id, name) rows of the assignments ``ids``: one per taxonomy tag, network,
    engagement form and co-owner, one for the name of the field of work and of the region, and on
    PostgreSQL one with the informative lexemes of the title and summary joined by spaces."""
    A, blank = Assignment, Value("")
    links = [  # (link table, kind, the linked id, its name)
        (A.expertise.through, "expertise", "expertise_id", F("expertise__name")),
        (A.core_qualities.through, "quality", "corequality_id", F("corequality__name")),
        (A.networks.through, "network", "network_id", F("network__name")),
        (A.engagement_forms.through, "form", "engagementform_id", blank),
        (A.co_owners.through, "owner", "user_id", blank),
    ]
    parts = [
        tagged(link.objects.filter(assignment_id__in=ids), kind, F("assignment_id"), F(linked), text=name)
        for link, kind, linked, name in links
    ]
    for kind in ("field_of_work", "region"):
        having = A.objects.filter(pk__in=ids, **{f"{kind}__isnull": False})
        parts.append(tagged(having, kind, F("pk"), F(f"{kind}_id"), text=F(f"{kind}__name")))
    if is_postgres():
        words = text.JoinedLexemes(Concat(F("title"), Value(" "), F("summary")), Value(text.GENERIC_WORDS))
        parts.append(tagged(A.objects.filter(pk__in=ids), "term", F("pk"), Value(0), text=words))
    return cast(QuerySet, union_all(parts))


def assignment_facts_many(assignments: list[Assignment]) -> dict[int, AssignmentFacts]:
    """Facts of several assignments in one query (a ``UNION ALL`` of the taxonomies, networks,
    engagement forms, co-owners, the names of the field of work and region, and the lexemes).

    The statement is built and compiled once per process with the ids as one parameter
    (``compiled_rows``), and its rows are read with a plain cursor: the ORM's building, compiling
    and row iteration were most of the dashboard's Python time.
    """
    ids = [a.pk for a in assignments]
    if not ids:
        return {}
    named: dict[str, dict[int, dict[int, str]]] = {
        kind: {} for kind in ("expertise", "quality", "network", "form", "owner", "field_of_work", "region")
    }
    terms: dict[int, list[str]] = {}
    for kind, owner, pk, name in compiled_rows("assignment_facts", _assignment_union, Ids(ids)):
        if kind == "term":
            terms[owner] = name.split(" ")
        else:
            named[kind].setdefault(owner, {})[pk] = name
    postgres = is_postgres()
    expertise, qualities, networks = named["expertise"], named["quality"], named["network"]
    forms, owners, fields, regions = named["form"], named["owner"], named["field_of_work"], named["region"]
    none: dict[int, str] = {}
    facts = {}
    for a in assignments:
        pk = a.pk
        own_words = f"{a.title} {a.summary}"
        found = [term for term in terms.get(pk, ()) if term] if postgres else text.tokens(own_words)
        field_id, region_id = a.field_of_work_id, a.region_id
        facts[pk] = AssignmentFacts(
            pk=pk,
            hours_per_week=a.hours_per_week,
            start_date=a.start_date,
            end_date=a.end_date,
            field_of_work=(field_id, fields.get(pk, none).get(field_id)) if field_id else None,
            expertise=expertise.get(pk, {}),
            core_qualities=qualities.get(pk, {}),
            region=(region_id, regions.get(pk, none).get(region_id)) if region_id else None,
            remote_option=a.remote_option,
            engagement_form_ids=frozenset(forms.get(pk, none)),
            networks=networks.get(pk, {}),
            co_owner_ids=frozenset(owners.get(pk, none)),
            work_format=a.work_format,
            terms=text.display_words(own_words, found),
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
    return profile_facts_from_rows(rows, facts)


def shares_content_q(facts: AssignmentFacts) -> Q | None:
    """Profiles that share some content with ``facts`` (an asked expertise area or core quality, its
    field of work, or an informative word): those that can have a content signal, without which
    ``scoring`` finds no match. The same reads as ``profile_facts_from_rows``, as one condition.

    None when it cannot be said in SQL (the words on SQLite are tokens made in Python): then every
    eligible profile is scored. An assignment that asks no content at all matches nobody.
    """
    P = Profile
    condition = Q(pk__in=[])
    if facts.expertise:
        links = P.expertise.through.objects.filter(profile_id=OuterRef("pk"), expertise_id__in=sorted(facts.expertise))
        condition |= Q(Exists(links))
    if facts.core_qualities:
        links = P.core_qualities.through.objects.filter(
            profile_id=OuterRef("pk"), corequality_id__in=sorted(facts.core_qualities)
        )
        condition |= Q(Exists(links))
    if facts.field_of_work:
        condition |= Q(field_of_work_id=facts.field_of_work[0])
    if facts.terms:
        if not is_postgres():
            return None
        condition |= Q(text.HasAnyLexeme(F("search_vector"), _profile_text(), Value(text.tsquery_any(facts.terms))))
    return condition


def profile_facts_from_rows(rows: list[tuple], facts: AssignmentFacts) -> dict[int, ProfileFacts]:
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
        parts.append(tagged(through, "expertise", F("profile_id"), F("expertise_id"), text=blank))
    if ids and facts.core_qualities:
        through = P.core_qualities.through.objects.filter(
            profile_id__in=ids, corequality_id__in=list(facts.core_qualities)
        )
        parts.append(tagged(through, "quality", F("profile_id"), F("corequality_id"), text=blank))
    if ids and facts.region:
        through = P.regions.through.objects.filter(profile_id__in=ids, region_id=facts.region[0])
        parts.append(tagged(through, "region", F("profile_id"), F("region_id"), text=blank))
    if ids and facts.engagement_form_ids:
        through = P.engagement_forms.through.objects.filter(
            profile_id__in=ids, engagementform_id__in=sorted(facts.engagement_form_ids)
        )
        parts.append(tagged(through, "form", F("profile_id"), F("engagementform_id"), text=blank))
    if ids and facts.work_format != REGULAR:
        through = P.work_formats.through.objects.filter(profile_id__in=ids, workformat__code=facts.work_format)
        parts.append(tagged(through, "wformat", F("profile_id"), F("workformat_id"), text=blank))
    for network_id in sorted(facts.networks) if ids else []:
        members = Profile.objects.filter(pk__in=ids).filter(in_any_network_q("user", {network_id}))
        parts.append(tagged(members, "network", F("pk"), Value(network_id), text=blank))
    if ids and facts.terms:
        mine = P.objects.filter(pk__in=ids)
        if is_postgres():
            words = text.SharedLexemes(F("search_vector"), _profile_text(), Value(sorted(facts.terms)))
            mine = mine.annotate(shared_words=words).filter(shared_words__gt="")
            parts.append(tagged(mine, "text", F("pk"), Value(0), text=F("shared_words")))
        else:
            parts.append(tagged(mine, "text", F("pk"), Value(0), text=_profile_text()))
    if ids:
        dismissed = _similar_feedback(ids, facts)
        parts.append(tagged(dismissed, "dismissed", F("profile_id"), F("assignment_id"), text=blank))
    shared: dict[str, dict[int, set[int]]] = {}
    words: dict[int, frozenset[str]] = {}
    if parts:
        for kind, profile_id, pk, name in union_all(parts):
            if kind == "text":
                found = frozenset(name.split()) if is_postgres() else text.tokens(name)
                words[profile_id] = found & facts.terms.keys()
            else:
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
            terms=words.get(row[0], frozenset()),
            dismissed_ids=of("dismissed", row[0]),
            work_formats=frozenset({facts.work_format}) if of("wformat", row[0]) else frozenset(),
        )
        for row in rows
    }


def _similar_feedback(profile_ids: list[int], facts: AssignmentFacts) -> QuerySet[MatchFeedback]:
    """The "niet interessant" of these profiles on this assignment or similar ones (same field, shared expertise)."""
    similar = Q(assignment_id=facts.pk)
    if facts.field_of_work:
        similar |= Q(assignment__field_of_work_id=facts.field_of_work[0])
    if facts.expertise:
        tagged = Assignment.expertise.through.objects.filter(
            assignment_id=OuterRef("assignment_id"), expertise_id__in=list(facts.expertise)
        )
        similar |= Q(Exists(tagged))
    return MatchFeedback.objects.filter(similar, profile_id__in=profile_ids)


def dismissed_for(dismissals: Iterable[Dismissal], facts: AssignmentFacts) -> frozenset[int]:
    """Of one person's dismissals ``(assignment, field, expertise ids)``, those similar to ``facts``."""
    field_id = facts.field_of_work[0] if facts.field_of_work else None
    return frozenset(
        pk
        for pk, field, expertise in dismissals
        if pk == facts.pk or (field_id and field == field_id) or (expertise & facts.expertise.keys())
    )


def _profile_union(profile_id: int) -> QuerySet:
    """(kind, owner, id, name) rows of one profile: its four taxonomies, its short formats, its
    "niet interessant" with their fields and expertise, and on PostgreSQL every lexeme."""
    P = Profile
    mine = {"profile_id": profile_id}
    owner, blank = F("profile_id"), Value("")
    parts = [
        tagged(P.expertise.through.objects.filter(**mine), "expertise", owner, F("expertise_id"), text=blank),
        tagged(P.core_qualities.through.objects.filter(**mine), "quality", owner, F("corequality_id"), text=blank),
        tagged(P.regions.through.objects.filter(**mine), "region", owner, F("region_id"), text=blank),
        tagged(P.engagement_forms.through.objects.filter(**mine), "form", owner, F("engagementform_id"), text=blank),
        tagged(
            P.work_formats.through.objects.filter(**mine),
            "wformat",
            owner,
            F("workformat_id"),
            text=F("workformat__code"),
        ),
        tagged(
            MatchFeedback.objects.filter(**mine),
            "dfield",
            F("assignment_id"),
            F("assignment__field_of_work_id"),
            text=blank,
        ),
        tagged(
            Assignment.expertise.through.objects.filter(
                assignment_id__in=MatchFeedback.objects.filter(**mine).values("assignment_id")
            ),
            "dexpertise",
            F("assignment_id"),
            F("expertise_id"),
            text=blank,
        ),
    ]
    if is_postgres():
        words = text.AllLexemes(F("search_vector"), _profile_text())
        parts.append(tagged(P.objects.filter(pk=profile_id), "text", F("pk"), Value(0), text=words))
    return cast(QuerySet, union_all(parts))


def profile_facts(profile: Profile) -> ProfileFacts:
    """All facts of one profile (for scoring it against many assignments): its four taxonomies in one
    query, built and compiled once per process (``compiled_rows``; only the profile id changes)."""
    viewer = viewer_for(profile.user)
    ids: dict[str, set[int]] = {"expertise": set(), "quality": set(), "region": set(), "form": set()}
    terms: set[str] = set()
    formats: set[str] = set()
    dismissed_fields: dict[int, int | None] = {}
    dismissed_expertise: dict[int, set[int]] = {}
    for kind, owner, pk, name in compiled_rows("profile_facts", _profile_union, profile.pk):
        if kind == "text":
            terms.add(name)
        elif kind == "wformat":
            formats.add(name)
        elif kind == "dfield":
            dismissed_fields[owner] = pk
        elif kind == "dexpertise":
            dismissed_expertise.setdefault(owner, set()).add(pk)
        else:
            ids[kind].add(pk)
    if not is_postgres():
        terms = set(text.tokens(" ".join(getattr(profile, name) or "" for name in PROFILE_TEXT)))
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
        terms=frozenset(terms),
        work_formats=frozenset(formats),
        dismissals=tuple(
            (pk, field, frozenset(dismissed_expertise.get(pk, ()))) for pk, field in dismissed_fields.items()
        ),
    )
