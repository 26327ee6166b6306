"""Many-to-many links copied into their row as keys, for filters and counts that stay in one table.

A filter through a link table is a probe per row walked, and a count per option a probe per row
counted; at a million profiles (or tens of thousands of open assignments) those probes are the
page's cost. ``RowKeys`` keeps the ids of a row's links in a text column of the row itself,
" e2 e5 r8 " (the ids of each link after its prefix, sorted, space-delimited with a space at both
ends), so a filter is a ``LIKE`` on the row (``q``) and a count per option a test of the row
(``marketplace.lib.queries.Facet`` with ``keys``).

The link tables stay the truth. ``refresh(ids)`` rewrites the keys of those rows from them; the
receivers ``connect()`` installs call it in the same transaction as every change of the links
(``add``, ``remove``, ``set``, ``clear``, from either side) and after deleting a linked choice.
``repair()`` (nightly) compares every row's keys with its links, reports the drift and repairs
it; ``rebuild()`` writes every row's keys after a bulk load (rows copied in send no signals).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Model, Q

from marketplace.lib.queries import pk_chunks

logger = logging.getLogger(__name__)

CHUNK = 5_000

# Rows whose refresh waits for the end of a ``batch()`` block, per ``RowKeys`` (None: refresh at once).
_pending: contextvars.ContextVar[dict[RowKeys, set[int]] | None] = contextvars.ContextVar(
    "row_keys_pending", default=None
)


def token(prefix: str, pk: int) -> str:
    """The key of one linked row, with its delimiters: " e5 "."""
    return f" {prefix}{pk} "


@dataclass(frozen=True, eq=False)
class RowKeys:
    """The keys of ``model``'s many-to-many ``links`` (prefix -> field name) in its ``column``."""

    model: type[Model]
    column: str
    links: tuple[tuple[str, str], ...]

    @cached_property
    def _fields(self) -> dict[str, Any]:
        return {prefix: self.model._meta.get_field(name) for prefix, name in self.links}

    def through(self, prefix: str) -> type[Model]:
        return self._fields[prefix].remote_field.through

    def _columns(self, prefix: str) -> tuple[str, str]:
        """The link table's column to this model's rows and to the linked rows."""
        field = self._fields[prefix]
        return field.m2m_column_name(), field.m2m_reverse_name()

    def q(self, prefix: str, pk: int) -> Q:
        """Rows linked to the ``prefix`` row ``pk``: a test on the row."""
        return Q(**{f"{self.column}__contains": token(prefix, pk)})

    def keys_of(self, ids: Mapping[str, Iterable[int]]) -> str:
        tokens = [f"{prefix}{pk}" for prefix, _name in self.links for pk in sorted(set(ids.get(prefix, ())))]
        return f" {' '.join(tokens)} " if tokens else ""

    def derive(self, row_ids: Iterable[int]) -> dict[int, str]:
        """``row id -> keys`` from the link tables: one query per link."""
        ids = list(row_ids)
        linked: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for prefix, _name in self.links:
            own, other = self._columns(prefix)
            rows = self.through(prefix)._default_manager.filter(**{f"{own}__in": ids}).values_list(own, other)
            for row_id, linked_id in rows:
                linked[row_id][prefix].append(linked_id)
        return {pk: self.keys_of(linked[pk]) for pk in ids}

    def _write(self, expected: dict[int, str], *, dry_run: bool = False) -> int:
        """Store the keys that differ: one read, then one UPDATE per distinct value changed."""
        stored = dict(self.model._default_manager.filter(pk__in=list(expected)).values_list("pk", self.column))
        by_value: dict[str, list[int]] = defaultdict(list)
        for pk, keys in expected.items():
            if pk in stored and stored[pk] != keys:
                by_value[keys].append(pk)
        if not dry_run:
            for keys, pks in by_value.items():
                self.model._default_manager.filter(pk__in=pks).update(**{self.column: keys})
        return sum(len(pks) for pks in by_value.values())

    def refresh(self, row_ids: Iterable[int]) -> int:
        """Rewrite the keys of these rows from the links (inside a ``batch()`` block: at its end)."""
        pending = _pending.get()
        if pending is not None:
            pending.setdefault(self, set()).update(row_ids)
            return 0
        ids = sorted(set(row_ids))
        return sum(self._write(self.derive(ids[start : start + CHUNK])) for start in range(0, len(ids), CHUNK))

    def repair(self, *, dry_run: bool = False) -> int:
        """Compare every row's keys with its links, chunk by chunk; report the drift and repair it."""
        chunks = pk_chunks(self.model._default_manager.all(), CHUNK)
        drift = sum(self._write(self.derive(ids), dry_run=dry_run) for ids in chunks)
        if drift:
            logger.warning("%s keys drift: %d rows", self.model._meta.label, drift)
        return drift

    def rebuild_sql(self) -> str:
        """``keys_of`` over every row at once, in SQL (held equal to it by the tests)."""
        quote = connection.ops.quote_name
        table, column = quote(self.model._meta.db_table), quote(self.column)
        parts = []
        for kind, (prefix, _name) in enumerate(self.links):
            assert prefix.isalpha(), prefix  # a constant of the code, written into the SQL
            own, other = (quote(name) for name in self._columns(prefix))
            link = quote(self.through(prefix)._meta.db_table)
            parts.append(
                f"SELECT {own} AS row_id, {kind} AS kind, {other} AS n, '{prefix}' || {other} AS token FROM {link}"  # noqa: S608
            )
        return f"""
            UPDATE {table} AS p SET {column} = COALESCE(k.keys, '')
            FROM {table} AS q
            LEFT JOIN (
                SELECT row_id, ' ' || string_agg(token, ' ' ORDER BY kind, n) || ' ' AS keys
                FROM ({" UNION ALL ".join(parts)}) AS links
                GROUP BY row_id
            ) AS k ON k.row_id = q.id
            WHERE q.id = p.id AND p.{column} IS DISTINCT FROM COALESCE(k.keys, '')
        """  # noqa: S608

    def rebuild(self) -> int:
        """Write every row's keys from the links after a bulk load (rows copied in send no signals)."""
        if connection.vendor != "postgresql":
            return self.refresh(self.model._default_manager.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(self.rebuild_sql())
            return cursor.rowcount

    def _rows_with(self, prefix: str, pk: int) -> list[int]:
        return list(self.model._default_manager.filter(self.q(prefix, pk)).values_list("pk", flat=True))

    def connect(self, uid: str) -> None:
        """Connect the receivers (from the app's ``ready``); ``uid`` names them."""
        from django.db.models.signals import m2m_changed, post_delete

        for prefix, _name in self.links:
            chosen = self._fields[prefix].related_model

            def changed(
                sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, prefix: str = prefix, **kw: Any
            ) -> None:
                if action not in ("post_add", "post_remove", "post_clear"):
                    return
                if not reverse:
                    self.refresh([instance.pk])
                elif pk_set:
                    self.refresh(pk_set)
                elif action == "post_clear":  # choice.<rows>.clear(): whom it concerned is gone from the links
                    self.refresh(self._rows_with(prefix, instance.pk))

            def deleted(sender: Any, instance: Any, prefix: str = prefix, **kw: Any) -> None:
                # A linked choice was deleted: its links went with it, without ``m2m_changed``.
                self.refresh(self._rows_with(prefix, instance.pk))

            m2m_changed.connect(changed, sender=self.through(prefix), weak=False, dispatch_uid=f"{uid}-{prefix}")
            post_delete.connect(deleted, sender=chosen, weak=False, dispatch_uid=f"{uid}-{prefix}-deleted")


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Refresh once, at the end of the block, the rows whose links change in it (every ``RowKeys``).

    ``profile.engagement_forms.set(...)`` is a removal and an addition, each refreshing the row: a
    save that set two links refreshed it four times. Still in the same transaction.
    """
    if _pending.get() is not None:  # nested: the outer block refreshes
        yield
        return
    pending: dict[RowKeys, set[int]] = {}
    reset = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(reset)
    for keys, ids in pending.items():
        keys.refresh(ids)
