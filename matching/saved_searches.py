"""Saved searches: a stored /klussen/ query string, evaluated later with the parameters below.

Known parameters (anything else in the query string is ignored; each may repeat):

- ``q``: words, searched in title, summary and description (Dutch full text on PostgreSQL);
- ``field_of_work``: a field-of-work slug;
- ``expertise``: an expertise slug;
- ``engagement_form``: an engagement-form code (``secondment``, ``zpp``, ...);
- ``region``: a region (province) slug;
- ``remote``: a remote option (``on-site``, ``hybrid``, ``remote``);
- ``organisation``: an organisation slug;
- ``hours_max``: at most this many hours a week.

The /klussen/ FilterSet should use the same names so that a saved search finds what the
search showed; ``apply_search_params`` is the one place that maps them to the ORM.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from assignments.models import Assignment
from marketplace.lib.search import SEARCH_CONFIG, is_postgres, text_search
from marketplace.models import User
from marketplace.services import audit_log
from matching.models import SavedSearch

KNOWN_PARAMS = ("q", "field_of_work", "expertise", "engagement_form", "region", "remote", "organisation", "hours_max")
TEXT_FIELDS = ("title", "summary", "description")
MAX_SAVED_SEARCHES = 25


def search_params(query: str) -> dict[str, list[str]]:
    """The known, non-empty parameters of a GET query string (a leading ``?`` is allowed)."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    params = {}
    for name in KNOWN_PARAMS:
        values = [v.strip()[:200] for v in parsed.get(name, []) if v.strip()][:10]
        if values:
            params[name] = values
    return params


def normalised_query(query: str) -> str:
    return urlencode(search_params(query), doseq=True)


def apply_search_params(qs: QuerySet[Assignment], params: dict[str, list[str]], *, stored_vector: bool = True):
    """Filter assignments by the known parameters; ``stored_vector`` uses the indexed search column.

    Without the stored vector (used for one newly published row, whose column may not be
    filled yet) PostgreSQL computes the vector on the fly.
    """
    through = Assignment
    if "q" in params:
        text = " ".join(params["q"])
        if stored_vector or not is_postgres():
            qs = text_search(qs, text, TEXT_FIELDS)
        else:
            vector = SearchVector(*TEXT_FIELDS, config=SEARCH_CONFIG)
            qs = qs.annotate(match_vector=vector).filter(
                match_vector=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            )
    if "field_of_work" in params:
        qs = qs.filter(field_of_work__slug__in=params["field_of_work"])
    if "expertise" in params:
        rows = through.expertise.through.objects.filter(
            assignment_id=OuterRef("pk"), expertise__slug__in=params["expertise"]
        )
        qs = qs.filter(Exists(rows))
    if "engagement_form" in params:
        rows = through.engagement_forms.through.objects.filter(
            assignment_id=OuterRef("pk"), engagementform__code__in=params["engagement_form"]
        )
        qs = qs.filter(Exists(rows))
    if "region" in params:
        qs = qs.filter(region__slug__in=params["region"])
    if "remote" in params:
        qs = qs.filter(remote_option__in=params["remote"])
    if "organisation" in params:
        qs = qs.filter(organisation__slug__in=params["organisation"])
    hours = [int(v) for v in params.get("hours_max", []) if v.isdigit()]
    if hours:
        qs = qs.filter(hours_per_week__lte=max(hours))
    return qs


class SavedSearchMatcher:
    """Whether saved searches find one assignment, for many saved searches at a time.

    The same answers as ``saved_search_finds`` (a test holds the two together over random
    searches): the structured parameters are compared in Python with the assignment's facts,
    read in two queries; the words (``q``) go through ``apply_search_params`` once per distinct
    text. A fan-out over thousands of saved searches costs a few queries per batch, not one each.
    """

    def __init__(self, assignment: Assignment) -> None:
        row = (
            Assignment.objects.filter(pk=assignment.pk)
            .values("field_of_work__slug", "region__slug", "remote_option", "organisation__slug", "hours_per_week")
            .get()
        )
        self.assignment = assignment
        self.field_of_work = row["field_of_work__slug"]
        self.region = row["region__slug"]
        self.remote = row["remote_option"]
        self.organisation = row["organisation__slug"]
        self.hours = row["hours_per_week"]
        rows = Assignment.expertise.through.objects.filter(assignment_id=assignment.pk).values_list(
            "expertise__slug", flat=True
        )
        forms = Assignment.engagement_forms.through.objects.filter(assignment_id=assignment.pk).values_list(
            "engagementform__code", flat=True
        )
        self.expertise = set(rows)
        self.forms = set(forms)
        self._words: dict[str, bool] = {}

    def finds(self, params: dict[str, list[str]]) -> bool:
        def among(name: str, value: object) -> bool:
            return name not in params or value in params[name]

        if not (
            among("field_of_work", self.field_of_work)
            and among("region", self.region)
            and among("remote", self.remote)
            and among("organisation", self.organisation)
        ):
            return False
        if "expertise" in params and not self.expertise.intersection(params["expertise"]):
            return False
        if "engagement_form" in params and not self.forms.intersection(params["engagement_form"]):
            return False
        hours = [int(v) for v in params.get("hours_max", []) if v.isdigit()]
        if hours and not (self.hours is not None and self.hours <= max(hours)):
            return False
        if "q" not in params:
            return True
        text = " ".join(params["q"])
        if text not in self._words:
            qs = Assignment.objects.filter(pk=self.assignment.pk)
            self._words[text] = apply_search_params(qs, {"q": params["q"]}, stored_vector=False).exists()
        return self._words[text]


def saved_search_finds(saved: SavedSearch, assignment: Assignment) -> bool:
    """Whether ``saved`` finds ``assignment`` (visibility is the caller's job)."""
    params = search_params(saved.query)
    qs = Assignment.objects.filter(pk=assignment.pk)
    return apply_search_params(qs, params, stored_vector=False).filter(Q(pk=assignment.pk)).exists()


@transaction.atomic
def saved_search_create(*, user: User, name: str, query: str) -> SavedSearch:
    """Save a search for ``user``; at most ``MAX_SAVED_SEARCHES`` each."""
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(_("You can save at most %(count)d searches.") % {"count": MAX_SAVED_SEARCHES})
    saved = SavedSearch.objects.create(user=user, name=name.strip()[:100], query=normalised_query(query))
    audit_log(actor=user, action="assignments.saved_search.created", target=saved)
    return saved


@transaction.atomic
def saved_search_delete(*, user: User, saved: SavedSearch) -> None:
    audit_log(actor=user, action="assignments.saved_search.deleted", target=saved, note=saved.name)
    saved.delete()
