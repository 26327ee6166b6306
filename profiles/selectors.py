"""Reads on profiles that views share: the directory, what a profile page shows, completeness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from marketplace.lib import pagination
from marketplace.lib.queries import Facet, Ids, facet_counts
from marketplace.lib.search import is_postgres, rank_in_index
from networks.models import Network
from networks.selectors import Viewer
from profiles import audience
from profiles.discreet import OTHER_ORGANISATION
from profiles.models import ExperienceEntry, FieldOfWork, PortfolioEntry, Profile
from profiles.selfscan import radar

PREVIEW_KINDS = {
    "anoniem": _("an anonymous visitor"),
    "netwerk": _("a member of one of your networks"),
    "ambtenaar": _("any verified civil servant"),
}


def directory(user: Any, filterset_class: Any, data: Any) -> tuple[Any, QuerySet | Ranked]:
    """The directory's filterset and its ordered results, on what ``user`` may see.

    Read from the maintained audience (``profiles.audience``, derived from ``visible_to`` and held
    equal to it): tested in the profile's own row, or by an index probe for a network's grant.
    A text search gives its ranked results as a ``Ranked`` list; the rest a queryset.
    """
    base = audience.visible(Profile.objects.all(), user)
    filterset = filterset_class(data or None, queryset=base)
    qs = filterset.qs.order_by(*ACTIVE_FIRST)
    # The valid fields count when another is wrong (django-filter applies them): a search stays ranked.
    text = filterset.form.cleaned_data.get("q") if filterset.is_bound else ""
    if text:
        return filterset, ranked(qs, text)
    return filterset, _shown(qs)


# The directory's own order: the most recently active first (index "profile_directory_order").
ACTIVE_FIRST = (F("last_active_at").desc(nulls_last=True), "pk")
# The same order as the text walk writes it (never-active last, then the most recently active
# first): only the index "profile_directory_text", which carries the search vector, gives it, so
# PostgreSQL walks that one for a word and not the narrow one, reading the table for the word.
TEXT_WALK_ORDER = (
    ExpressionWrapper(Q(last_active_at__isnull=True), output_field=BooleanField()).asc(),
    F("last_active_at").desc(),
    "pk",
)


def _shown(qs: QuerySet[Profile]) -> QuerySet[Profile]:
    """What a result card shows besides the profile's own row."""
    return qs.select_related("field_of_work", "user__employment__organisation").prefetch_related("engagement_forms")


class Ranked(Sequence):
    """The ranked results of a text search: their ids in order, read from the database a page at a time.

    ``Paginator`` takes it like a queryset: its length is the number of candidates (at most
    ``COUNT_CAP + 1``, so the paginator's capped count needs no query) and a slice reads only
    the profiles of that page, by primary key.
    """

    def __init__(self, ids: list[int], fields: list[int | None]) -> None:
        self.ids = ids
        self.fields = fields  # the field of work of every candidate, for the per-field breakdown

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index :][0]
        ids = self.ids[index]
        rows = _shown(Profile.objects.filter(pk__in=Ids(ids))).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]


def ranked(matches: QuerySet, text: str) -> Ranked:
    """Text matches ordered by relevance, ranking no more than ``COUNT_CAP + 1`` of them.

    Ranking every match reads every matching row: a common word matches a sixth of a million
    profiles, and the page would take seconds (docs/performance.md, "The directory at a million").
    So the most recently active ``COUNT_CAP + 1`` visible matches -- the rows the capped count
    counts, read once along the directory's order -- are ranked, the best first: a search with
    fewer matches ranks them all, and past the cap the page already says "1,000+" and asks to
    refine. One statement reads each candidate's id, rank and field of work (for a common word from
    the index ``profile_directory_text`` alone); they are ordered here, the best rank first and the
    most recently active first among equals, and only the page's profiles are read.
    """
    rank = rank_in_index(Profile, text) if is_postgres() else Value(1.0)
    walk = matches.order_by(*TEXT_WALK_ORDER).annotate(walk_rank=rank)
    rows = list(walk.values_list("pk", "walk_rank", "field_of_work_id")[: pagination.COUNT_CAP + 1])
    # A stable sort: among equal ranks the walk's order (ACTIVE_FIRST) stays.
    rows.sort(key=lambda row: -row[1])
    return Ranked([pk for pk, _rank, _field in rows], [field for _pk, _rank, field in rows])


def capped_count_and_fields(qs: QuerySet | Ranked, cap: int) -> tuple[int, list[dict[str, Any]]]:
    """The number of results, counting no further than ``cap + 1``, and their fields of work: one query.

    The per-field breakdown is grouped over the same capped rows (``LIMIT cap + 1``), so it is
    exact whenever the results number at most ``cap`` -- the only case in which it is shown
    (the directory leaves it out past the cap). One scan of the filtered, visible results where
    the capped count and a separate per-field count used to take two. Ranked results carry their
    fields already: only the names are read.
    """
    if isinstance(qs, Ranked):
        counts = Counter(field for field in qs.fields[: cap + 1] if field is not None)
        names = FieldOfWork.objects.filter(pk__in=Ids(counts)).values_list("pk", "slug", "name") if counts else []
        rows = [(slug, name, counts[pk]) for pk, slug, name in names]
        total = min(len(qs), cap + 1)
    else:
        facet = Facet("field_of_work", "field_of_work_id", FieldOfWork, shown=("slug", "name"))
        rows = [row[1:] for row in facet_counts(qs, [facet], cap=cap)]
        total = sum(n for _slug, _name, n in rows)
    fields = [
        {"field_of_work__slug": slug, "field_of_work__name": name, "n": n} for slug, name, n in rows if slug is not None
    ]
    fields.sort(key=lambda row: (-row["n"], row["field_of_work__name"]))
    return total, fields


def preview_viewer(kind: str, profile: Profile) -> Viewer | None:
    """A stand-in viewer for the owner's "preview as", judged by the one visibility rule."""
    if kind == "anoniem":
        return Viewer(user_id=None)
    # A civil servant of another organisation: one that discreet mode does not hide from.
    if kind == "ambtenaar":
        return Viewer(user_id=0, organisation_id=OTHER_ORGANISATION)
    if kind == "netwerk":
        network_ids = frozenset(Network.objects.of_member(profile.user).values_list("pk", flat=True))
        return Viewer(user_id=0, organisation_id=OTHER_ORGANISATION, network_ids=network_ids)
    return None


def profile_page(profile: Profile, *, can_contact: bool, is_owner: bool = False) -> dict[str, Any]:
    """The context of a profile page: what anyone who may see it sees, plus contact if allowed."""
    profile = (
        Profile.objects.filter(pk=profile.pk)
        .select_related("field_of_work", "user__employment__organisation", "quadrant_quality")
        .prefetch_related(
            "core_qualities",
            "expertise",
            "engagement_forms",
            "work_formats",
            "regions",
            Prefetch("experience", queryset=ExperienceEntry.objects.all()),
            Prefetch("portfolio", queryset=PortfolioEntry.objects.filter(is_accepted=True), to_attr="accepted"),
        )
        .get()
    )
    experience = {kind: [] for kind in ExperienceEntry.Kind}
    for entry in profile.experience.all():
        experience[entry.kind].append(entry)
    return {
        "profile": profile,
        "employment": getattr(profile.user, "employment", None),
        "can_contact": can_contact,
        "is_owner": is_owner,
        "experience": [(kind.label, entries) for kind, entries in experience.items() if entries],
        "portfolio": profile.accepted,
        "show_quadrant": profile.show_quadrant and profile.quadrant_quality_id is not None,
        "scan": radar(profile.scan_answers) if profile.show_scan and profile.scan_answers else None,
    }


@dataclass(frozen=True)
class Tip:
    done: bool
    text: str


COMPLETENESS_RELATIONS = ("expertise", "core_qualities", "engagement_forms", "regions", "experience")


def with_completeness(queryset: QuerySet[Profile]) -> QuerySet[Profile]:
    """Profiles with ``has_<relation>`` flags, so ``completeness`` needs no query of its own."""
    flags = {}
    for name in COMPLETENESS_RELATIONS:
        field = Profile._meta.get_field(name)
        if field.many_to_many:
            rows = field.remote_field.through.objects.filter(profile_id=OuterRef("pk"))
        else:  # the reverse foreign key of experience entries
            rows = field.related_model.objects.filter(profile_id=OuterRef("pk"))
        flags[f"has_{name}"] = Exists(rows)
    return queryset.annotate(**flags)


def _has(profile: Profile, name: str) -> bool:
    flag = getattr(profile, f"has_{name}", None)
    return getattr(profile, name).exists() if flag is None else flag


def completeness(profile: Profile) -> tuple[int, list[Tip]]:
    """A score from 0 to 100 and the concrete tips still open, in order of value for matching.

    Five queries of their own, or none for a profile read through ``with_completeness``.
    """
    checks = [
        (bool(profile.headline), _("Add a headline: one line that says what you offer.")),
        (bool(profile.field_of_work_id), _("Choose your field of work so opdrachtgevers can find you.")),
        (_has(profile, "expertise"), _("Add at least three areas of expertise to be matched.")),
        (_has(profile, "core_qualities"), _("Choose your core qualities.")),
        (
            bool(profile.hours_per_week and profile.available_from),
            _("Add your availability (hours a week and from when) to be matched."),
        ),
        (_has(profile, "engagement_forms"), _("Say how you want to work: secondment, ZPP, pro bono …")),
        (_has(profile, "regions") or profile.remote, _("Add the regions where you can work, or remote.")),
        (len(profile.bio) >= 100, _("Write a few sentences about yourself (at least 100 characters).")),
        (_has(profile, "experience"), _("Add your work experience or education.")),
        (bool(profile.cv), _("Upload your CV as PDF.")),
        (bool(profile.photo), _("Add a photo: people remember faces.")),
        (bool(profile.contact_email or profile.phone or profile.linkedin_url), _("Add a way to contact you.")),
    ]
    done = sum(1 for ok, _text in checks if ok)
    return round(100 * done / len(checks)), [Tip(ok, str(text)) for ok, text in checks]
