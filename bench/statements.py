"""The statements a page ran, re-run raw and under EXPLAIN, with nothing skipped.

``classify`` sorts each captured statement: a read (``SELECT``, ``WITH``, a parenthesised
``(SELECT … UNION ALL …)``, or the query inside ``DECLARE … CURSOR … FOR``, which is how
Django's ``.iterator()`` reads on PostgreSQL), a write (``INSERT``/``UPDATE``/``DELETE``: the
session, last-seen stamps), or transaction control (``SAVEPOINT``, ``RELEASE``, …), which is
not work of its own. ``rerun`` executes the reads and writes in the page's order on a plain
psycopg connection inside a transaction that is rolled back (each write under a savepoint, so a
write that conflicts with what the page already wrote is counted as failed, not fatal).
``explain`` runs plain ``EXPLAIN`` (nothing executes) on every read and write and reports each
sequential scan of a large table; ``large_tables`` reads which tables are large from
``pg_class`` (more than ``LARGE_ROWS`` rows), not from a list that goes stale.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

LARGE_ROWS = 10_000

_DECLARE = re.compile(
    r"^\s*DECLARE\s+\S+\s+(?:BINARY\s+)?(?:INSENSITIVE\s+)?(?:NO\s+)?(?:SCROLL\s+)?CURSOR\s+"
    r"(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+",
    re.IGNORECASE | re.DOTALL,
)
_READ = re.compile(r"^[\s(]*(SELECT|WITH|VALUES|TABLE|EXPLAIN)\b", re.IGNORECASE)
# A page's own EXPLAIN (the directory asks the planner's estimate of a term's matches): planning
# work, re-run as it is; its plan is the statement's own.
_EXPLAIN = re.compile(r"^\s*EXPLAIN\b", re.IGNORECASE)
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_CONTROL = re.compile(
    r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|START|COMMIT|END|SET|RESET|CLOSE|FETCH|MOVE|SHOW)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Statement:
    kind: str  # "read", "write", "control" or "other"
    sql: str  # what to re-run (the query inside a DECLARE … CURSOR)
    original: str


def classify(sql: str) -> Statement:
    declared = _DECLARE.match(sql)
    if declared:
        return Statement("read", sql[declared.end() :], sql)
    if _READ.match(sql):
        return Statement("read", sql, sql)
    if _WRITE.match(sql):
        return Statement("write", sql, sql)
    if _CONTROL.match(sql):
        return Statement("control", sql, sql)
    return Statement("other", sql, sql)


def measured(sqls: list[str]) -> list[Statement]:
    """The statements that are work (reads and writes), in the page's order."""
    return [s for s in map(classify, sqls) if s.kind in ("read", "write")]


def large_tables(cursor: Any, rows: int = LARGE_ROWS) -> set[str]:
    """Every ordinary table of the current schema with more than ``rows`` rows (planner estimate)."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm') "
        "AND c.relnamespace = current_schema()::regnamespace AND c.reltuples > %s",
        [rows],
    )
    return {name for (name,) in cursor.fetchall()}


def _walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes.extend(_walk(child))
    return nodes


def explain(cursor: Any, sql: str, large: set[str]) -> dict[str, Any]:
    """Plain EXPLAIN (the statement does not run): sequential scans of large tables, indexes, cost."""
    own = bool(_EXPLAIN.match(sql))
    cursor.execute(sql if own else "EXPLAIN (FORMAT JSON) " + sql)
    plan = cursor.fetchone()[0][0]["Plan"]
    nodes = _walk(plan)
    scans = sorted(
        {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in large}
    )
    # A page's own EXPLAIN only plans (the directory reads the planner's estimate of a term's
    # matches): a scan in that plan never runs, so it is listed apart, not flagged.
    return {
        "seq_scans": [] if own else scans,
        "planned_only_seq_scans": scans if own else [],
        "indexes": sorted({n["Index Name"] for n in nodes if n.get("Index Name")}),
        "cost": plan.get("Total Cost"),
    }


def explain_all(conn: Any, statements: list[Statement], large: set[str]) -> list[dict[str, Any]]:
    """EXPLAIN every statement; one that cannot be explained is reported, not skipped silently."""
    plans = []
    for statement in statements:
        with conn.cursor() as cursor:
            try:
                cursor.execute("SAVEPOINT bench_explain")
                plans.append({**explain(cursor, statement.sql, large), "sql": statement.sql[:160]})
                cursor.execute("RELEASE SAVEPOINT bench_explain")
            except Exception as error:  # noqa: BLE001 - reported in the table
                cursor.execute("ROLLBACK TO SAVEPOINT bench_explain")
                plans.append({"error": str(error).splitlines()[0], "sql": statement.sql[:160]})
    conn.rollback()
    return plans


def rerun(conn: Any, statements: list[Statement]) -> tuple[float, int]:
    """Run the statements once in order, raw, in a transaction rolled back afterwards.

    Returns (milliseconds, failed writes). ``conn`` must not be in autocommit mode.
    """
    failed = 0
    started = time.perf_counter()
    with conn.cursor() as cursor:
        for statement in statements:
            if statement.kind == "write":
                cursor.execute("SAVEPOINT bench_write")
                try:
                    cursor.execute(statement.sql)
                    cursor.execute("RELEASE SAVEPOINT bench_write")
                except Exception:  # noqa: BLE001 - e.g. a row the page already inserted
                    cursor.execute("ROLLBACK TO SAVEPOINT bench_write")
                    failed += 1
                continue
            cursor.execute(statement.sql)
            cursor.fetchall()
    elapsed = (time.perf_counter() - started) * 1000
    conn.rollback()
    return elapsed, failed


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0–100) of a non-empty list."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
