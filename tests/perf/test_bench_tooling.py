"""The benchmark's own tools, on no data: statements, the SMTP sink, interleaving, the verdicts."""

from __future__ import annotations

import argparse
import io
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from bench import run, scale, statements
from bench.smtp_sink import SmtpSink

postgres_only = pytest.mark.skipif(not settings.IS_POSTGRES, reason="EXPLAIN and pg_class need PostgreSQL")


@pytest.mark.parametrize(
    ("sql", "kind", "rerun"),
    [
        ('SELECT "a" FROM "t"', "read", 'SELECT "a" FROM "t"'),
        ("WITH x AS (SELECT 1) SELECT * FROM x", "read", "WITH x AS (SELECT 1) SELECT * FROM x"),
        ("(SELECT 1 AS k) UNION ALL (SELECT 2 AS k)", "read", "(SELECT 1 AS k) UNION ALL (SELECT 2 AS k)"),
        (
            'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR SELECT "id" FROM "networks_organisation"',
            "read",
            'SELECT "id" FROM "networks_organisation"',
        ),
        (
            'DECLARE "c" CURSOR WITHOUT HOLD FOR (SELECT 1) UNION ALL (SELECT 2)',
            "read",
            "(SELECT 1) UNION ALL (SELECT 2)",
        ),
        (
            'UPDATE "django_session" SET "expire_date" = now()',
            "write",
            'UPDATE "django_session" SET "expire_date" = now()',
        ),
        ('INSERT INTO "x" VALUES (1)', "write", 'INSERT INTO "x" VALUES (1)'),
        ("EXPLAIN (FORMAT JSON) SELECT 1", "read", "EXPLAIN (FORMAT JSON) SELECT 1"),
        ('SAVEPOINT "s1"', "control", 'SAVEPOINT "s1"'),
        ('RELEASE SAVEPOINT "s1"', "control", 'RELEASE SAVEPOINT "s1"'),
    ],
)
def test_every_statement_is_classified_and_cursor_queries_are_unwrapped(sql, kind, rerun):
    statement = statements.classify(sql)
    assert statement.kind == kind
    assert statement.sql == rerun


def test_only_reads_and_writes_are_measured():
    sqls = ['SAVEPOINT "s"', "SELECT 1", "(SELECT 1) UNION ALL (SELECT 2)", 'RELEASE SAVEPOINT "s"', "UPDATE t SET a=1"]
    assert [s.kind for s in statements.measured(sqls)] == ["read", "read", "write"]


def test_the_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert statements.percentile(values, 50) == 51.0
    assert statements.percentile(values, 95) == 95.0
    assert statements.percentile([3.0], 95) == 3.0


@postgres_only
@pytest.mark.django_db
def test_large_tables_come_from_pg_class_and_seq_scans_of_them_are_flagged():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE networks_region")
        large = statements.large_tables(cursor, rows=0)  # every table with rows counts as large here
        assert "networks_region" in large
        assert "networks_region" not in statements.large_tables(cursor)  # 12 rows: not over 10,000
        plan = statements.explain(cursor, 'SELECT * FROM "networks_region" WHERE "name" LIKE \'%a%\'', large)
        # A page's own EXPLAIN is explained as it is, not wrapped in a second EXPLAIN; it only
        # plans, so a scan in its plan is listed apart and not flagged (it never runs).
        own = statements.explain(cursor, 'EXPLAIN (FORMAT JSON) SELECT * FROM "networks_region"', large)
    assert plan["seq_scans"] == ["networks_region"]
    assert plan["planned_only_seq_scans"] == []
    assert own["seq_scans"] == []
    assert own["planned_only_seq_scans"] == ["networks_region"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rerun_runs_reads_and_writes_and_rolls_the_writes_back():
    import psycopg

    from networks.models import Region

    url = connection.settings_dict
    conn = psycopg.connect(
        dbname=url["NAME"], user=url["USER"], host=url["HOST"], port=url["PORT"] or 5432, password=url["PASSWORD"]
    )
    try:
        work = statements.measured(
            [
                'SELECT count(*) FROM "networks_region"',
                'UPDATE "networks_region" SET "name" = \'weg\'',
                'SAVEPOINT "x"',
                'INSERT INTO "networks_region" ("id") VALUES (NULL)',  # fails: counted, not fatal
                "(SELECT 1) UNION ALL (SELECT 2)",
            ]
        )
        elapsed, failed = statements.rerun(conn, work)
        plans = statements.explain_all(conn, work, set())
        refused = statements.explain_all(conn, [statements.classify('SELECT * FROM "no_such_table"')], set())
    finally:
        conn.close()
    assert elapsed > 0
    assert failed == 1
    assert len(plans) == 4
    assert all("cost" in p for p in plans)  # every statement planned, the writes too
    assert "error" in refused[0]  # one that cannot be planned is reported, not skipped
    assert not Region.objects.filter(name="weg").exists()


def test_the_smtp_sink_receives_what_djangos_smtp_backend_sends(settings):
    settings.EMAIL_BACKEND = "bench.mail.CountingSMTPBackend"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    from bench import mail as bench_mail

    with SmtpSink(port=0) as sink:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        bench_mail.reset()
        messages = [
            mail.EmailMessage("Onderwerp é", ".begint met een punt\nregel 2", "a@example.org", [f"b{i}@example.org"])
            for i in range(3)
        ]
        with mail.get_connection() as smtp:
            assert smtp.send_messages(messages) == 3
        counts = sink.snapshot()
    assert counts["messages"] == 3
    assert counts["recipients"] == 3
    assert counts["connections"] == 1
    assert counts["bytes"] > 100
    assert bench_mail.sent() == 3


def test_the_smtp_sink_refuses_data_without_a_recipient():
    with SmtpSink(port=0) as sink, smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
        client.ehlo()
        client.mail("a@example.org")
        code, _ = client.docmd("DATA")
        assert code == 503
        assert sink.snapshot()["messages"] == 0


class FakeWorker:
    """Stands in for a worker process: records the order of calls, answers with fixed times."""

    def __init__(self, label: str, ms: float, log: list[tuple[str, str, str]]) -> None:
        self.label, self.ms, self.log = label, ms, log

    def ready(self):
        pages = {p.key: {"key": p.key, "persona": "anonymous", "path": p.path, "status": 200} for p in run.PAGES[:2]}
        return {"sizes": {}, "generated_in": None, "pages": pages, "large_tables": [], "code_paths": {}}

    def call(self, cmd, **params):
        self.log.append((self.label, cmd, params.get("key", "")))
        if cmd == "detail":
            return {"queries": 3, "seq_scans": [], "unexplained": []}
        if cmd == "times":
            return {"times": [self.ms] * params["n"], "cpu": [1.0] * params["n"], "load": [1.5, 1.0, 1.0]}
        return {"raw": [0.5] * params["n"], "failed_writes": 0, "load": [1.5, 1.0, 1.0]}


def test_both_sizes_are_measured_interleaved_page_by_page_alternating_the_order():
    log: list[tuple[str, str, str]] = []
    workers = [FakeWorker("full", 20.0, log), FakeWorker("small", 10.0, log)]
    results = run.measure(workers, argparse.Namespace(rounds=2, requests=4))  # type: ignore[arg-type]
    timed = [(label, key) for label, cmd, key in log if cmd == "times"]
    first, second = run.PAGES[0].key, run.PAGES[1].key
    assert timed == [
        ("full", first), ("small", first), ("full", second), ("small", second),  # round 1
        ("small", first), ("full", first), ("small", second), ("full", second),  # round 2: the other order
    ]  # fmt: skip
    full = results[0]["rows"][first]
    assert full["median"] == 20.0
    assert full["round_medians"] == [20.0, 20.0]
    assert (full["min_round"], full["max_round"], full["load_min"], full["load_max"]) == (20.0, 20.0, 1.5, 1.5)


def _row(key: str, median: float, p95: float, raw: float = 1.0, **extra):
    return {
        "key": key,
        "persona": "professional",
        "median": median,
        "p95": p95,
        "raw_median": raw,
        "queries": 10,
        "seq_scans": [],
        **extra,
    }


def test_the_directory_targets_are_50_and_100_ms_and_a_sequential_scan_misses():
    floor = _row("floor", 2.0, 3.0)
    _, _, marks = run.verdict(_row("professionals search", 60.0, 120.0, raw=40.0), {}, floor)
    assert "median > 50 ms" in marks
    assert "p95 > 100 ms" in marks
    _, growth, marks = run.verdict(
        _row("klussen", 20.0, 30.0, raw=9.0, seq_scans=["networks_employment"]), _row("klussen", 10.0, 12.0), floor
    )
    assert growth == 2.0
    assert "sequential scan" in marks
    assert "growth > 1.5×" in marks


def test_the_default_databases_are_named_after_the_size():
    assert run.default_url(1_000_000).endswith("/kl_bench_1m")
    assert run.default_url(100_000).endswith("/kl_bench_100k")
    assert run.default_url(200_000).endswith("/kl_bench_200k")


def test_the_load_run_includes_the_directory():
    assert {"professionals search", "professionals"} <= set(run.LOAD_PAGES)
    assert set(run.LOAD_PAGES) <= {p.key for p in run.PAGES}


def test_the_progress_bar_shows_the_share_done():
    out = io.StringIO()
    progress = scale.Progress(out)
    progress.step("profiles", 250, 1000)
    progress.step("profiles", 1000, 1000)
    text = out.getvalue()
    assert "[######" + "." * 18 + "]" in text
    assert "[" + "#" * 24 + "]" in text
    assert text.endswith("\n")
