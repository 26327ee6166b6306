"""Full-text search: Dutch on PostgreSQL with a stored vector, a plain fallback elsewhere.

Models that are searched keep a ``search_vector`` column (``SearchVectorField``). On
PostgreSQL a migration adds a GIN index on it and the owning service refreshes it; on SQLite
the column stays empty and search falls back to ``icontains`` over the given fields.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, migrations, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from marketplace.lib.queries import PerRow

SEARCH_CONFIG = "dutch"


def is_postgres() -> bool:
    return bool(settings.IS_POSTGRES)


def text_search(qs: models.QuerySet, text: str, fallback_fields: Sequence[str]) -> models.QuerySet:
    """Filter ``qs`` to rows matching ``text`` and annotate ``rank`` (higher is better)."""
    text = text.strip()
    if not text:
        return qs
    if is_postgres():
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        # F(), not the bare name: SearchRank("search_vector", …) wraps the column in SearchVector()
        # and emits ts_rank(to_tsvector(COALESCE(search_vector::text, '')), …), which re-parses every
        # matching row and loses the weights.
        return qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    condition = Q()
    for word in text.split()[:8]:
        word_q = Q()
        for field in fallback_fields:
            word_q |= Q(**{f"{field}__icontains": word.strip('"-')})
        condition &= word_q
    return qs.filter(condition).annotate(rank=models.Value(1.0, output_field=models.FloatField()))


def text_match_in_index(qs: models.QuerySet, text: str, column: str = "search_words") -> models.QuerySet:
    """Filter ``qs`` (PostgreSQL) to rows matching ``text``, tested on ``column``, a copy of the
    search vector that an index carries where the vector is short enough (NULL where it is not).

    A walk along that index tests the text index-only; a row whose copy is NULL has its text tested
    in the table, row by row (a subquery per row, which PostgreSQL cannot turn into a join that
    reads every match), so no match is lost.
    """
    query = SearchQuery(text.strip(), config=SEARCH_CONFIG, search_type="websearch")
    in_table = PerRow(qs.model._default_manager.filter(pk=OuterRef("pk"), search_vector=query))
    return qs.filter(Q(**{column: query}) | Q(**{f"{column}__isnull": True}) & in_table)


def rank_in_index(model: type[models.Model], text: str, column: str = "search_words") -> models.Expression:
    """The rank of ``text`` (as ``text_search`` annotates it, PostgreSQL) read from ``column``, the
    indexed copy of the search vector, and from the row's own vector only where the copy is NULL."""
    query = SearchQuery(text.strip(), config=SEARCH_CONFIG, search_type="websearch")
    own = model._default_manager.filter(pk=OuterRef("pk")).values("search_vector")[:1]
    return SearchRank(Coalesce(F(column), Subquery(own)), query)


_table_rows: dict[str, tuple[float, float]] = {}
TABLE_ROWS_SECONDS = 300
_estimates: dict[tuple[str, str], tuple[float, float]] = {}
ESTIMATES_MAX = 1_024


def estimated_matches(model: type[models.Model], text: str) -> float:
    """PostgreSQL's estimate of the rows of ``model`` matching ``text``: planning only, one query.

    Kept per process for as long as ``table_rows`` keeps a table's size (five minutes), for at most
    ``ESTIMATES_MAX`` terms: an estimate moves with the statistics, not per request, and a person
    refining a search, or paging through it, asks for the same term again and again.
    """
    text = text.strip()
    key = (model._meta.db_table, text)
    kept = _estimates.get(key)
    if kept is not None and time.monotonic() - kept[1] < TABLE_ROWS_SECONDS:
        return kept[0]
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    sql, params = model._default_manager.filter(search_vector=query).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    rows = float((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])
    if len(_estimates) >= ESTIMATES_MAX:
        _estimates.clear()
    _estimates[key] = (rows, time.monotonic())
    return rows


def table_rows(model: type[models.Model]) -> float:
    """PostgreSQL's estimate of the rows of ``model``'s table, read at most every five minutes per process."""
    table = model._meta.db_table
    rows, read_at = _table_rows.get(table, (0.0, -TABLE_ROWS_SECONDS))
    if time.monotonic() - read_at >= TABLE_ROWS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
        rows = float(row[0]) if row else 0.0
        _table_rows[table] = (rows, time.monotonic())
    return rows


def gin_index_operation(table: str, column: str = "search_vector") -> migrations.RunPython:
    """A migration step that adds a GIN index on PostgreSQL and does nothing elsewhere."""
    name = f"{table}_{column}_gin"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}")')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards)
