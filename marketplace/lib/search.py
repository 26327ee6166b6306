"""Full-text search: Dutch on PostgreSQL with a stored vector, a plain fallback elsewhere.

Models that are searched keep a ``search_vector`` column (``SearchVectorField``). On
PostgreSQL a migration adds a GIN index on it and the owning service refreshes it; on SQLite
the column stays empty and search falls back to ``icontains`` over the given fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import migrations, models
from django.db.models import F, Q

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
