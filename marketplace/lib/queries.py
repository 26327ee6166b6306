"""Two query shapes several apps share: tagged rows in one ``UNION ALL``, and facet counts.

``tagged`` / ``union_all``: reading several small relations in one round trip. Each part is a
queryset turned into ``(tag, int, ..., [text])`` rows; the caller sorts the rows by tag::

    parts = [
        tagged(Employment.objects.filter(user=user), "employer", F("organisation_id"), Value(0)),
        tagged(member_of, "network", F("pk"), F("employees_are_members")),
    ]
    for tag, a, b in union_all(parts): ...

``Ids`` and ``compiled_rows``: a statement built and compiled by the ORM once per process and
database, then executed again with other values (the technique of ``networks.viewer_query``).
``Ids`` passes a list of ids as ONE parameter (``__in=Ids(ids)``), so the statement's shape does
not depend on how many ids there are; ``compiled_rows`` compiles ``build(stand_in)`` once and puts
the real value's parameter in the stand-in's places.

``pk_chunks``: every primary key of a table in consecutive chunks, for nightly checks.

``facet_counts``: counts per option of several facets over the rows of a queryset, in one query.
The queryset (visibility rule and filters) is compiled once by the ORM, with its values as
parameters, and becomes a CTE; each facet is a grouped count over that CTE and, where the facet
is a foreign key or keys of a many-to-many link in the row, its small lookup table, all in one
``UNION ALL``.
Table and column names come from the models' ``_meta``; nothing a person typed is interpolated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BigIntegerField, CharField, Exists, Expression, IntegerField, Model, QuerySet, Value
from django.db.models.functions import Cast


def tagged(qs: QuerySet, tag: str, *numbers: Any, text: Any = None) -> QuerySet:
    """``(tag, *numbers[, text])`` rows of ``qs`` (numbers cast to integers), for ``union_all``."""
    columns: dict[str, Any] = {"union_tag": Value(tag, output_field=CharField())}
    for i, number in enumerate(numbers):
        columns[f"union_{i}"] = Cast(number, output_field=IntegerField())
    if text is not None:
        columns["union_text"] = Cast(text, output_field=CharField())
    return qs.order_by().annotate(**columns).values_list(*columns)


def union_all(parts: list[QuerySet]) -> Iterable[tuple]:
    """The rows of all ``tagged`` parts in one query (none without parts)."""
    return parts[0].union(*parts[1:], all=True) if parts else ()


# No real parameter of a statement has this value: not an id (ids are positive), nor a constant.
STAND_IN_ID = -7_302_914_551


class Ids(Expression):
    """The right-hand side of ``__in`` for a list of ids as one parameter, whatever their number:
    ``(SELECT unnest(%s::bigint[]))`` on PostgreSQL, ``(SELECT value FROM json_each(%s))`` on SQLite."""

    def __init__(self, ids: Iterable[int]) -> None:
        super().__init__(output_field=BigIntegerField())
        self.ids = [int(pk) for pk in ids]

    def param(self, connection: Any) -> str:
        """The one parameter, as text: an array literal on PostgreSQL (cheaper for the driver than
        adapting a list element by element), JSON on SQLite. Only integers go in."""
        if connection.vendor == "postgresql":
            return "{" + ",".join(map(str, self.ids)) + "}"
        return json.dumps(self.ids)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        return "(SELECT value FROM json_each(%s))", [self.param(connection)]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        return "(SELECT unnest(%s::bigint[]))", [self.param(connection)]


_compiled: dict[tuple[str, str], tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}


def compiled_rows(
    name: str, build: Callable[[Any], QuerySet], value: int | Ids, *, using: str = DEFAULT_DB_ALIAS
) -> list[tuple]:
    """The rows of ``build(value)``, a statement built and compiled once per process and database.

    ``name`` names the statement; ``build`` must give the same SQL for every value (an id, or
    ``Ids`` of any length), the value only in its parameters. It is compiled for a stand-in
    (``STAND_IN_ID``, or ``Ids`` of it: a value no real parameter has); each call executes that SQL
    with ``value``'s parameter in the stand-in's places: the statement the ORM would have sent.
    """
    connection = connections[using]
    compiled = _compiled.get((name, using))
    if compiled is None:
        stand_in = Ids([STAND_IN_ID]) if isinstance(value, Ids) else STAND_IN_ID
        sql, params = build(stand_in).query.get_compiler(using).as_sql()
        marker = stand_in.param(connection) if isinstance(stand_in, Ids) else stand_in
        positions = tuple(i for i, param in enumerate(params) if param == marker)
        if not positions:
            raise RuntimeError(f"the statement {name!r} does not depend on its value")
        compiled = _compiled[(name, using)] = (sql, tuple(params), positions)
    sql, params, positions = compiled
    values = list(params)
    real = value.param(connection) if isinstance(value, Ids) else value
    for i in positions:
        values[i] = real
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def forget_compiled() -> None:
    """Compile again on the next call (tests that change a statement's shape)."""
    _compiled.clear()


class PerRow(Exists):
    """``EXISTS`` that PostgreSQL evaluates row by row, only for the rows the other conditions keep.

    ``OFFSET 0`` keeps the planner from turning the subquery into a join or a hashed set built
    over every row it could match (``simplify_EXISTS_query``); cheaper conditions are tested first.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


def pk_chunks(queryset: QuerySet, size: int) -> Iterator[list[int]]:
    """The primary keys of ``queryset`` in ascending chunks of ``size``, by keyset (one index
    read a chunk, however far the walk has got)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


@dataclass(frozen=True)
class Facet:
    """One grouped count over the rows of a queryset.

    By the value of ``column`` itself; or, with ``model``, by ``shown`` fields of the row
    ``column`` points to; or, with ``keys`` (the prefix of ``model``'s ids in the keys ``column``
    of ``marketplace.lib.row_keys``), by the ``model`` rows whose key the row holds, each row
    counted once per option: a test of the row, no link table read (a probe of the link table per
    counted row was 44 ms for 16,000 open assignments at a million profiles).
    """

    name: str
    column: str = ""
    model: type[Model] | None = None
    shown: tuple[str, ...] = ("slug",)
    keys: str = ""


def _facet_sql(facet: Facet, quote: Any, rows: str, n: str) -> str:
    """The grouped count of one facet over ``rows`` (aliased ``v``, ``n`` counting them); names from
    ``_meta``, never from input."""
    assert facet.name.isidentifier(), facet.name  # a constant of the code, written into the SQL
    if facet.model is None:
        key = group = f"v.{quote(facet.column)}"
        label, source, count = "NULL", rows, n
    else:
        table, pk = quote(facet.model._meta.db_table), quote(facet.model._meta.pk.column)
        fields = {field.name: field.column for field in facet.model._meta.concrete_fields}
        shown = [f"t.{quote(fields[name])}" for name in facet.shown]
        key, label, group = shown[0], shown[1] if len(shown) > 1 else "NULL", ", ".join(shown)
        if facet.keys:
            assert facet.keys.isalpha(), facet.keys  # a constant of the code, written into the SQL
            # The rows grouped by their keys first (a few dozen combinations), then each option's
            # key looked for in each combination: " e5 " in " e2 e5 ", a LIKE pattern of letters,
            # digits, spaces and the two wildcards. Tested on every row, the pattern took 20 ms for
            # 16,000 open assignments; on their combinations, 3 ms.
            keys = quote(facet.column)
            grouped = f"(SELECT v.{keys}, {n} AS n FROM {rows} GROUP BY v.{keys}) g"  # noqa: S608
            source = f"{grouped} JOIN {table} t ON g.{keys} LIKE '%% {facet.keys}' || t.{pk} || ' %%'"
            count = "CAST(SUM(g.n) AS BIGINT)"
        else:
            source, count = f"{rows} LEFT JOIN {table} t ON t.{pk} = v.{quote(facet.column)}", n
    return f"SELECT '{facet.name}', {key}, {label}, {count} FROM {source} GROUP BY {group}"  # noqa: S608


def facet_counts(qs: QuerySet, facets: list[Facet], *, cap: int | None = None) -> list[tuple]:
    """``(facet, key, label, count)`` rows for ``facets`` over ``qs``, in one query.

    ``cap`` counts only the first ``cap + 1`` rows (exact whenever there are at most ``cap``). A
    facet over a foreign key also returns a row for the rows without one (key ``None``), so the
    counts of one such facet add up to the number of rows.

    PostgreSQL reads the visible rows once for all facets (``GROUPING SETS``, one set per column:
    17 ms where one pass per facet took 36 ms over 16,000 open assignments at a million profiles)
    and each facet then reads its few grouped rows; SQLite, which has no grouping sets, counts
    each facet over the visible rows.
    """
    assert all(facet.column for facet in facets), "every facet names its column"
    columns = list(dict.fromkeys(facet.column for facet in facets))
    rows = qs.order_by().values("pk", *columns)
    if cap is not None:
        rows = rows[: cap + 1]
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # e.g. qs.none(): nothing to count, no query
        return []
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in ["id", *columns])
    ctes = f"visible ({names}) AS ({sql})"
    if connection.vendor == "postgresql":
        quoted = ", ".join(quote(column) for column in columns)
        sets = ", ".join(f"({quote(column)})" for column in columns)
        # GROUPING(a, b, …) sets the bit of every column the row is not grouped by (a first).
        every = (1 << len(columns)) - 1
        mask = {column: every - (1 << (len(columns) - 1 - i)) for i, column in enumerate(columns)}
        grouping = f"GROUPING({quoted}) AS grouping_set, COUNT(*) AS n"
        ctes += f", grouped AS (SELECT {quoted}, {grouping} FROM visible GROUP BY GROUPING SETS ({sets}))"  # noqa: S608
        parts = [
            _facet_sql(
                facet,
                quote,
                f"(SELECT * FROM grouped WHERE grouping_set = {mask[facet.column]}) v",  # noqa: S608
                "CAST(SUM(v.n) AS BIGINT)",
            )
            for facet in facets
        ]
    else:
        parts = [_facet_sql(facet, quote, "visible v", "COUNT(*)") for facet in facets]
    counts = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        # The ORM's own SQL with its values as parameters; the rest comes from the models' _meta.
        cursor.execute(f"WITH {ctes} {counts}", params)
        return cursor.fetchall()
