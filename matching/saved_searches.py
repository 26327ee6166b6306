"""Saved searches: the /klussen/ filter form's parameters, stored and evaluated by that same form.

One definition: ``assignments.filters.AssignmentFilter``. A saved search stores exactly the
parameters of that form (``SAVED_PARAMS``: every filter of it, and the sort order), normalised by
the form itself when saved (``normalised_query``: what the form could not read is dropped, as
the page drops it). ``saved_search_finds`` runs the FilterSet;
``SavedSearchMatcher`` answers the same question for thousands of searches at a time in Python,
and a property test (``tests/matching/test_saved_search_property.py``) holds it to the FilterSet
over random parameter sets.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, Model, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import QueryDict
from django.utils.translation import gettext as _

from assignments.filters import SEARCH_FALLBACK_FIELDS, AssignmentFilter
from assignments.models import Assignment
from marketplace.lib.queries import tagged, union_all
from marketplace.lib.search import SEARCH_CONFIG, is_postgres, text_search
from marketplace.models import User
from marketplace.services import audit_log
from matching.models import SavedSearch
from networks.models import Network, Participation
from profiles.formats import ASSIGNMENT_FORMATS

# Every parameter of the /klussen/ filter form, in its order.
SAVED_PARAMS: tuple[str, ...] = tuple(AssignmentFilter.base_filters)
MAX_SAVED_SEARCHES = 25


def search_params(query: str) -> dict[str, list[str]]:
    """The form's non-empty parameters of a GET query string (a leading ``?`` is allowed)."""
    data = QueryDict(query.lstrip("?"))
    params = {}
    for name in SAVED_PARAMS:
        values = [v.strip()[:200] for v in data.getlist(name) if v.strip()][:10]
        if values:
            params[name] = values
    return params


def _as_text(value: Any, to_field: str | None) -> list[str]:
    if isinstance(value, Model):
        return [str(getattr(value, to_field or "pk"))]
    if isinstance(value, (list, tuple, QuerySet)):
        return [item for v in value for item in _as_text(v, to_field)]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    if isinstance(value, Decimal):
        return [format(value.normalize(), "f")]
    return [str(value)] if value not in (None, "") else []


def normalised_query(query: str) -> str:
    """``query`` as the /klussen/ form reads it: only what it accepts, each value in its canonical form."""
    params = search_params(query)
    form = AssignmentFilter(QueryDict(urlencode(params, doseq=True)), queryset=Assignment.objects.none()).form
    form.is_valid()
    kept = {}
    for name in SAVED_PARAMS:
        if name in params and name in form.cleaned_data:
            field = AssignmentFilter.base_filters[name]
            values = _as_text(form.cleaned_data[name], field.extra.get("to_field_name"))
            if values:
                kept[name] = values
    return urlencode(kept, doseq=True)


def filtered(qs: QuerySet[Assignment], query: str) -> QuerySet[Assignment]:
    """``qs`` narrowed by a saved query string, through the /klussen/ FilterSet."""
    return AssignmentFilter(QueryDict(query), queryset=qs).qs


def saved_search_finds(saved: SavedSearch, assignment: Assignment) -> bool:
    """Whether ``saved`` finds ``assignment`` (visibility is the caller's job)."""
    return filtered(Assignment.objects.filter(pk=assignment.pk), saved.query).exists()


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _same_text(a: str, b: str) -> bool:
    return a.upper() == b.upper()


class SavedSearchMatcher:
    """Whether saved searches find one assignment, for many saved searches at a time.

    The same answers as ``saved_search_finds`` on normalised searches (a property test holds the
    two together): every filter of ``AssignmentFilter`` is compared in Python with the
    assignment's facts, read in two queries; the words (``q``) go through the FilterSet's own
    text search, every new text of a batch in one query (``prepare``; ``finds`` alone asks once
    per new text). One matcher serves a whole fan-out: its facts, its answers and its parsed
    query strings are kept, so thousands of saved searches cost a few queries per batch, not one
    each. Single-choice parameters use their last value, as a form does.
    """

    def __init__(self, assignment: Assignment) -> None:
        row = (
            Assignment.objects.filter(pk=assignment.pk)
            .values(
                "field_of_work__slug",
                "region__slug",
                "remote_option",
                "organisation__slug",
                "organisation_id",
                "hours_per_week",
                "work_format",
                "start_date",
                "end_date",
                "place",
                "compensation",
            )
            .get()
        )
        self.assignment = assignment
        self.row = row
        mine, A = {"assignment_id": assignment.pk}, Assignment
        networks = Assignment.networks.through.objects.filter(**mine).values("network_id")
        participating = Participation.objects.filter(organisation_id=row["organisation_id"]).values("network_id")
        named = union_all(
            [
                tagged(A.expertise.through.objects.filter(**mine), "expertise", text=F("expertise__name")),
                tagged(A.engagement_forms.through.objects.filter(**mine), "form", text=F("engagementform__code")),
                tagged(Network.objects.filter(pk__in=networks), "network", text=F("slug")),
                tagged(Network.objects.filter(pk__in=participating), "network", text=F("slug")),
            ]
        )
        found: dict[str, set[str]] = {"expertise": set(), "form": set(), "network": set()}
        for kind, label in named:
            found[kind].add(label)
        self.expertise = {name.upper() for name in found["expertise"]}
        self.forms = found["form"]
        self.networks = found["network"]
        self._words: dict[str, bool] = {}
        self._params: dict[str, dict[str, list[str]]] = {}
        self._vector: str | None = None

    def finds(self, params: dict[str, list[str]]) -> bool:
        row = self.row
        last = {name: values[-1] for name, values in params.items()}
        checks = {
            "field_of_work": lambda v: v == row["field_of_work__slug"],
            "region": lambda v: v == row["region__slug"],
            "organisation": lambda v: v == row["organisation__slug"],
            "network": lambda v: v in self.networks,
            "expertise": lambda v: " ".join(v.lower().split()).upper() in self.expertise,
            "place": lambda v: v.upper() in (row["place"] or "").upper(),
        }
        for name, check in checks.items():
            if name in last and not check(last[name]):
                return False
        many = {
            "engagement_form": self.forms,
            "remote": {row["remote_option"]},
            "compensation": {row["compensation"]},
            "work_format": {row["work_format"]},
        }
        for name, have in many.items():
            if name in params and not have.intersection(params[name]):
                return False
        hours = row["hours_per_week"]
        low, high = _decimal(last.get("hours_min", "")), _decimal(last.get("hours_max", ""))
        # A short format has no hours a week: an hours filter does not find it (as in SQL).
        if (low is not None and not (hours is not None and hours >= low)) or (
            high is not None and not (hours is not None and hours <= high)
        ):
            return False
        since, until = _date(last.get("available_from", "")), _date(last.get("available_until", ""))
        if since and row["end_date"] and row["end_date"] < since:
            return False
        if until and row["start_date"] and row["start_date"] > until:
            return False
        if "q" not in last:
            return True
        text = _words_of(last["q"])
        if text not in self._words:
            self.prepare([params])
        return self._words[text]

    def params(self, query: str) -> dict[str, list[str]]:
        """``search_params(query)``, parsed once per distinct query string for this matcher.

        Many people save the same search: at a million profiles 112,870 saved searches held
        21,669 distinct query strings, and parsing each one was 8 s of a fan-out.
        """
        found = self._params.get(query)
        if found is None:
            found = self._params[query] = search_params(query)
        return found

    def prepare(self, searches: Iterable[dict[str, list[str]]]) -> None:
        """Answer the words (``q``) of many searches in one query, each distinct text asked once per matcher.

        ``finds`` then asks the database nothing: a batch of saved searches costs the same
        queries whether its owners typed 3 different texts or 300. On PostgreSQL the assignment's
        vector (stored, or computed while not yet stored) is read once and every text is tested
        against it in one statement (``websearch_to_tsquery``, as the FilterSet searches); an
        ``EXISTS`` per text, built by the ORM, cost 0.27 s per batch of 500 in Python.
        """
        texts = sorted({_words_of(params["q"][-1]) for params in searches if "q" in params} - set(self._words))
        if not texts:
            return
        if not is_postgres():  # the FilterSet's words fallback: an EXISTS per text, 100 texts a query
            mine = Assignment.objects.filter(pk=self.assignment.pk)
            for start in range(0, len(texts), 100):
                chunk = texts[start : start + 100]
                asked = {
                    f"w{i}": Exists(text_search(mine, text, SEARCH_FALLBACK_FIELDS)) for i, text in enumerate(chunk)
                }
                found = mine.values(**asked).first() or {}
                self._words.update({text: bool(found.get(f"w{i}")) for i, text in enumerate(chunk)})
            return
        if self._vector is None:
            self._vector = self._read_vector()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.text, %s::tsvector @@ websearch_to_tsquery(%s::regconfig, t.text)"
                " FROM unnest(%s::text[]) AS t(text)",
                [self._vector, SEARCH_CONFIG, [text.strip() for text in texts]],
            )
            answers = dict(cursor.fetchall())
        self._words.update({text: bool(answers.get(text.strip())) for text in texts})

    def _read_vector(self) -> str:
        """The assignment's search vector as text: the stored one, or the FilterSet's own while not stored."""
        vector = Coalesce(
            F("search_vector"),
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        )
        row = (
            Assignment.objects.filter(pk=self.assignment.pk)
            .annotate(match_vector=Cast(vector, TextField()))
            .values_list("match_vector", flat=True)
            .first()
        )
        return row or ""


def _words_of(value: str) -> str:
    """The text a search's ``q`` is searched by (as the form reads it: at most 200 characters)."""
    return value[:200]


def describe(params: dict[str, list[str]]) -> str:
    """A saved search's name in words, from its filters (``"omgevingswet" · Noord-Brabant · at most 16 hours``)."""
    names = {
        "field_of_work": "profiles.FieldOfWork",
        "region": "networks.Region",
        "organisation": "networks.Organisation",
        "network": "networks.Network",
    }
    from django.apps import apps

    parts = []
    if "q" in params:
        parts.append(f"\u201c{params['q'][-1]}\u201d")
    for name, label in names.items():
        if name in params:
            model = apps.get_model(label)
            found = model.objects.filter(slug=params[name][-1]).values_list("name", flat=True).first()
            parts.append(found or params[name][-1])
    words = {
        "expertise": lambda v: v[-1],
        "place": lambda v: _("in %(place)s") % {"place": v[-1]},
        "engagement_form": lambda v: ", ".join(v),
        "remote": lambda v: ", ".join(str(dict(Assignment.RemoteOption.choices).get(x, x)) for x in v),
        "compensation": lambda v: ", ".join(str(dict(Assignment.Compensation.choices).get(x, x)) for x in v),
        "work_format": lambda v: ", ".join(str(dict(ASSIGNMENT_FORMATS).get(x, x)) for x in v),
        "hours_min": lambda v: _("at least %(hours)s hours") % {"hours": v[-1]},
        "hours_max": lambda v: _("at most %(hours)s hours") % {"hours": v[-1]},
        "available_from": lambda v: _("from %(date)s") % {"date": v[-1]},
        "available_until": lambda v: _("until %(date)s") % {"date": v[-1]},
    }
    for name, say in words.items():
        if name in params:
            parts.append(say(params[name]))
    return " · ".join(parts)[:100] if parts else _("Every new assignment")


@transaction.atomic
def saved_search_create(*, user: User, name: str, query: str, every_new: bool = False) -> SavedSearch:
    """Save a search for ``user``; at most ``MAX_SAVED_SEARCHES`` each.

    A search without filters would alert on every new assignment the person may see: it is
    refused unless ``every_new`` confirms exactly that. Without a name it is named from its filters.
    """
    query = normalised_query(query)
    same = SavedSearch.objects.filter(user=user, query=query).first()
    if same is not None:  # a second copy would only take one of the 25 places: alerts come once per person
        raise ValidationError(_("You have saved this search already, as “%(name)s”.") % {"name": same.name})
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(_("You can save at most %(count)d searches.") % {"count": MAX_SAVED_SEARCHES})
    filters = {k: v for k, v in search_params(query).items() if k != "sort"}
    if not filters and not every_new:
        raise ValidationError(
            _(
                "This search has no filters, so it would alert you to every new assignment."
                " Confirm that, or add a filter."
            )
        )
    name = name.strip()[:100] or describe(filters)
    saved = SavedSearch.objects.create(user=user, name=name, query=query)
    audit_log(actor=user, action="assignments.saved_search.created", target=saved)
    return saved


@transaction.atomic
def saved_search_delete(*, user: User, saved: SavedSearch) -> None:
    audit_log(actor=user, action="assignments.saved_search.deleted", target=saved, note=saved.name)
    saved.delete()
