"""The benchmark: server time per page at full and one-tenth data size, beside the framework floor.

Run ``python -m bench.run`` (``make bench``). For each data size it starts a worker process on
that database (creating the database, migrating and generating the scale data if missing),
then for every page in ``PAGES``: warm-up, ``--requests`` timed GETs through the Django test
client (median, p95), the number of queries, the same SQL re-run directly through psycopg
(``raw``), and EXPLAIN of every query with any sequential scan on a large table flagged.
The parent writes the Markdown table to ``bench/results/latest.md`` and prints it.

Environment (or the matching options): BENCH_DATABASE_URL, BENCH_SMALL_DATABASE_URL,
BENCH_PROFILES (200000), BENCH_ASSIGNMENTS (20000), BENCH_REQUESTS (40), BENCH_FANOUT_TIMEOUT (1800).

After the pages of each size, ``bench/publish_fanout.py`` publishes one assignment designed to
match about 5 % of the profiles and runs its whole fan-out in a process of its own (time, peak
RSS, queries, and the publishing request beside a twin with no matches), then deletes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# --- what is measured: adapt paths and parameter names here when the views land ---
# ``{name}`` placeholders are filled from ``placeholders()``; a 404 is reported as "not available".
ASSIGNMENT_QUERY = "projectleider omgevingswet"
PROFILE_QUERY = "energietransitie"


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    persona: str | None  # None: anonymous; "professional" or "coordinator"
    needs_search: bool = False  # the SQL must contain a full-text match (@@)


PAGES = [
    Page("floor", "/", None),
    Page("klussen", "/klussen/", "professional"),
    Page("klussen search", "/klussen/?q={assignment_query}", "professional", needs_search=True),
    Page(
        "klussen 3 filters",
        "/klussen/?field_of_work={field}&region={region}&engagement_form={form}",
        "professional",
    ),
    Page("klussen by deadline", "/klussen/?sort=deadline", "professional"),
    Page("anonymous klussen", "/klussen/", None),
    Page(
        "professionals search",
        "/professionals/?q={profile_query}&engagement={form}&region={region}",
        "professional",
        needs_search=True,
    ),
    Page("professionals", "/professionals/", "professional"),
    Page("assignment detail", "/klussen/{assignment_code}/", "professional"),
    Page("profile", "/professionals/{profile_code}/", "professional"),
    Page("dashboard", "/mijn/aanbevolen/", "professional"),
    Page("coordinator members", "/netwerken/{network_slug}/beheer/leden/", "coordinator"),
    # Matching for one assignment: the poster's "suitable professionals" page (scores live).
    Page("matching (suitable)", "/klussen/{poster_assignment_code}/geschikt/", "poster"),
]
# The pages bench/load.sh puts under load (floor first).
LOAD_PAGES = ["floor", "klussen search", "assignment detail", "klussen"]
LARGE_TABLES = (
    "profiles_profile",
    "assignments_assignment",
    "marketplace_user",
    "networks_membership",
    "account_emailaddress",
    "assignments_match",
    "assignments_interest",
)

# Targets from issue 7.
MAX_OVERHEAD = 2.0
MAX_GROWTH = 1.5
MAX_QUERIES = 12
MAX_P95_MS = 300.0
MAX_FANOUT_SECONDS = 60.0
MAX_FANOUT_RSS_MIB = 300.0


# ------------------------------------------------------------------------------------------
# The worker: one database, one data size. Runs with Django set up.
# ------------------------------------------------------------------------------------------


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes.extend(_walk(child))
    return nodes


def explain(cursor: Any, sql: str) -> dict[str, Any]:
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
    plan = cursor.fetchone()[0][0]["Plan"]
    nodes = _walk(plan)
    return {
        "seq_scans": sorted(
            {
                n["Relation Name"]
                for n in nodes
                if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in LARGE_TABLES
            }
        ),
        "indexes": sorted({n["Index Name"] for n in nodes if n.get("Index Name")}),
        "cost": plan.get("Total Cost"),
    }


def worker(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import personas, scale

    call_command("migrate", verbosity=0, interactive=False)
    # Production settings serve hashed static names from the manifest: build it like a deploy does.
    call_command("collectstatic", verbosity=0, interactive=False)
    generated_in = None
    if not scale.generated_user_count():
        print(f"No scale data in {args.database_url_safe}: generating …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        scale.generate(profiles=args.profiles, assignments=args.assignments, seed=args.seed)
        generated_in = time.perf_counter() - started
    missing = [name for name in scale.REACTION_STEPS if not scale.generated_rows(name)]
    if missing and generated_in is None:
        # Data generated before these steps existed: add them (generate_scale_data --only …).
        print(f"No {', '.join(missing)} in {args.database_url_safe}: adding them …", file=sys.stderr, flush=True)
        scale.generate_only(missing, seed=args.seed)
    scale.analyze()  # fresh statistics and empty GIN pending lists, as autovacuum would leave them
    sizes = personas.sizes()
    if generated_in is None and sizes["profiles"] != args.profiles:
        print(
            f"Note: {args.database_url_safe} holds {sizes['profiles']:,} profiles, not {args.profiles:,} as asked; "
            "measuring what is there (generate_scale_data --clear to change it).",
            file=sys.stderr,
        )
    cast = personas.cast()
    personas.give_coordinator_mfa(cast)
    values = personas.placeholders(cast)
    values.update(assignment_query=ASSIGNMENT_QUERY.replace(" ", "+"), profile_query=PROFILE_QUERY.replace(" ", "+"))
    # The same session options as Django's connection (JIT off), or the comparison is unfair.
    options = connection.settings_dict.get("OPTIONS", {}).get("options")
    raw = psycopg.connect(args.database_url, autocommit=True, **({"options": options} if options else {}))
    rows = []
    for page in PAGES:
        row: dict[str, Any] = {"key": page.key, "persona": page.persona or "anonymous"}
        try:
            path = page.path.format(**values)
        except KeyError as missing:
            rows.append({**row, "path": page.path, "status": f"no data for {missing}"})
            continue
        row["path"] = path
        if page.persona and page.persona not in cast:
            rows.append({**row, "status": f"no {page.persona} in the data"})
            continue
        client = Client()
        if page.persona:
            client.force_login(cast[page.persona])
        response = client.get(path)
        row["status"] = response.status_code
        if response.status_code != 200:
            rows.append(row)
            continue
        for _ in range(args.warmup):
            client.get(path)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        sqls = [q["sql"] for q in captured.captured_queries]
        selects = [s for s in sqls if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        raw_times = []
        with raw.cursor() as cursor:
            for _ in range(max(5, args.requests // 2)):
                started = time.perf_counter()
                for sql in selects:
                    cursor.execute(sql)
                    cursor.fetchall()
                raw_times.append((time.perf_counter() - started) * 1000)
            plans = [explain(cursor, sql) for sql in selects]
        seq = sorted({t for p in plans for t in p["seq_scans"]})
        row.update(
            median=statistics.median(times),
            p95=_percentile(times, 95),
            cpu=statistics.median(cpu),
            queries=len(sqls),
            other_statements=len(sqls) - len(selects),
            statements=[sql[:160] for sql in sqls],
            raw=statistics.median(raw_times),
            seq_scans=seq,
            indexes=sorted({i for p in plans for i in p["indexes"]}),
            uses_search="@@" in " ".join(selects),
            sql_fingerprint=hash(
                tuple(
                    re.sub(r"'\d{4}-\d\d-\d\d[^']*'", "?", s)
                    for s in selects
                    if "django_session" not in s and "usersessions_" not in s  # a new session per page
                )
            ),
            slowest=max(
                (
                    {"sql": s[:300], "ms": float(q["time"]) * 1000}
                    for s, q in zip(sqls, captured.captured_queries, strict=True)
                ),
                key=lambda x: x["ms"],
                default=None,
            ),
        )
        if page.needs_search and not row["uses_search"]:
            row["note"] = "search parameter ignored on this branch (no @@ in the SQL)"
        rows.append(row)
        print(f"  {page.key:<24} {row['median']:8.2f} ms  q={row['queries']}", file=sys.stderr, flush=True)
    raw.close()
    base = next((r for r in rows if r["key"] == "klussen" and "sql_fingerprint" in r), None)
    for r in rows:
        if (
            base
            and r is not base
            and r["key"].startswith("klussen ")
            and r.get("sql_fingerprint") == base["sql_fingerprint"]
        ):
            r.setdefault("note", "parameters ignored on this branch (same SQL as /klussen/)")
    return {"sizes": sizes, "rows": rows, "generated_in": generated_in}


# ------------------------------------------------------------------------------------------
# The parent: databases, worker processes, the table.
# ------------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"creating database {name}", file=sys.stderr)
            conn.execute(f'CREATE DATABASE "{name}"')


def run_worker(url: str, profiles: int, assignments: int, args: argparse.Namespace) -> dict[str, Any]:
    ensure_database(url)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        # Coordinators and posters must use MFA; the benchmark logs them in without a second factor.
        "MFA_ENFORCE": "false",
    }
    command = [
        sys.executable, "-m", "bench.run", "--worker", "--database-url", url,
        "--profiles", str(profiles), "--assignments", str(assignments), "--requests", str(args.requests),
        "--warmup", str(args.warmup), "--seed", str(args.seed), "--json-out", out_path,
    ]  # fmt: skip
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603 - our own module
    result = json.loads(Path(out_path).read_text())
    Path(out_path).unlink()
    return result


def run_fanout(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Publish and fan out one assignment matching ``--fanout-share`` of the profiles (bench/publish_fanout.py)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    env = {
        key: value
        for key, value in os.environ.items()
        # No broker: the fan-out and its email batches run eagerly in this one process, like one worker.
        if key not in ("REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST")
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        MFA_ENFORCE="false",
        EMAIL_BACKEND="bench.mail.CountingBackend",
    )
    command = [sys.executable, "-m", "bench.publish_fanout", "--share", str(args.fanout_share), "--json-out", out_path]
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own module
    try:
        returncode = process.wait(timeout=args.fanout_timeout)
        if returncode:
            return {"error": f"failed (exit {returncode}); see the output above"}
        return json.loads(Path(out_path).read_text())
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the process unwinds and deletes what it made.
        process.terminate()
        try:
            process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
        return {"error": f"did not finish within {args.fanout_timeout} s (stopped)"}
    finally:
        Path(out_path).unlink(missing_ok=True)


def render_fanout(runs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The fan-out section of the results: one row per data size, with the issue's targets."""
    lines = [
        "",
        "## Fan-out of one publish",
        "",
        "One public, remote assignment designed from the data to match about "
        "5 % of the profiles (one expertise tag, hours a week; see bench/publish_fanout.py), published "
        "through the real view with the task held back, then fanned out through "
        "`matching.tasks.assignment_fanout_task` in one process with eager tasks (matching, "
        "notifications and every email batch, as one worker would; emails built but not sent), "
        "then deleted with everything it made. Peak RSS is that process's high-water mark during "
        "the fan-out (reset just before). The publish request is measured beside a twin nobody "
        "matches: the same queries and about the same time show the request does not grow with the matches.",
        "",
        f"Targets: fan-out ≤ {MAX_FANOUT_SECONDS:.0f} s and peak RSS < {MAX_FANOUT_RSS_MIB:.0f} MB at ~10,000 matches.",
        "",
        "| data | profiles | target / expected / actual matches | emails | fan-out s (CPU s) | queries "
        "| RSS before → peak MiB | publish request: queries, ms (twin with 0 matches) | targets |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, run in runs:
        if not run:
            continue
        if "fanout" not in run:
            lines.append(
                f"| {label} | {run.get('profiles', '—')} | | | | | | | not measured: {run.get('error', '?')} |"
            )
            continue
        f, pub, twin = run["fanout"], run["publish"], run["publish_no_matches"]
        marks = []
        if f["seconds"] > MAX_FANOUT_SECONDS:
            marks.append(f"time > {MAX_FANOUT_SECONDS:.0f} s")
        if f["peak_rss_mib"] >= MAX_FANOUT_RSS_MIB:
            marks.append(f"RSS ≥ {MAX_FANOUT_RSS_MIB:.0f} MB")
        if pub["queries"] != twin["queries"]:
            marks.append("publish queries differ")
        verdict = ("MISSES: " + ", ".join(marks)) if marks else "met"
        if f["matches"] < 5_000:
            verdict += " (the targets are for ~10,000 matches)"
        lines.append(
            f"| {label} | {run['profiles']:,} | {run['target']:,} / {run['expected']:,} / {f['matches']:,} "
            f"| {f['emails']:,} | {f['seconds']:.1f} ({f['cpu_seconds']:.1f}) | {f['queries']:,} "
            f"| {_fmt(f['rss_before_mib'], 0)} → {_fmt(f['peak_rss_mib'], 0)} "
            f"| {pub['queries']}, {pub['ms']:.0f} ({twin['queries']}, {twin['ms']:.0f}) | {verdict} |"
        )
    lines.append("")
    for label, run in runs:
        if run and "fanout" in run:
            lines.append(
                f'- {label}: tag "{run["expertise"]}", {run["hours"]} hours a week; '
                f"{run['fanout']['stored_matches']:,} matches stored; deleted afterwards: "
                + (", ".join(f"{n:,} {what}" for what, n in run["cleaned"].items()) or "nothing")
            )
    return lines


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def render(full: dict[str, Any], small: dict[str, Any] | None, meta: dict[str, str]) -> str:
    floor = next((r for r in full["rows"] if r["key"] == "floor" and "median" in r), None)
    floor_small = small and next((r for r in small["rows"] if r["key"] == "floor" and "median" in r), None)
    small_rows = {r["key"]: r for r in small["rows"]} if small else {}
    s = full["sizes"]
    lines = [
        f"# Benchmark {meta['date']}",
        "",
        f"- Machine: {meta['machine']}; PostgreSQL: {meta.get('postgres', '?')}; load average before/after: "
        f"{meta['load_before']} / {meta['load_after']}",
        f"- Full data: {s['profiles']:,} profiles, {s['assignments']:,} assignments, {s['users']:,} users, "
        f"{s['memberships']:,} memberships"
        + (
            f"; small data: {small['sizes']['profiles']:,} profiles, {small['sizes']['assignments']:,} assignments"
            if small
            else ""
        ),
        f"- {meta['requests']} timed requests per page after {meta['warmup']} warm-up, Django test client "
        "in-process (server time: middleware, view, template, queries); Python CPU = process time of the "
        "request in the Django process (excludes PostgreSQL's work); raw = the page's SELECTs re-run "
        "through psycopg, median. Absolute times inflate with the machine's load average.",
        f"- Floor (`/`, anonymous, no queries): median {_fmt(floor and floor['median'], 2)} ms"
        + (f" (small data: {_fmt(floor_small['median'], 2)} ms)" if floor_small else ""),
        "",
        "| page | persona | status | queries (full/small) | median ms | p95 ms | Python CPU ms | raw SQL ms "
        "| ratio median/(floor+raw) | small median ms | growth | seq scan on large table | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in full["rows"]:
        sm = small_rows.get(r["key"], {})
        if "median" not in r:
            status = "not available (404)" if r.get("status") == 404 else str(r.get("status"))
            lines.append(f"| {r['key']} | {r['persona']} | {status} | | | | | | | | | | `{r['path']}` |")
            continue
        ratio = r["median"] / ((floor["median"] if floor else 0) + r["raw"])
        growth = r["median"] / sm["median"] if sm.get("median") else None
        marks = []
        if r["key"] != "floor" and ratio > MAX_OVERHEAD:
            marks.append(f"overhead > {MAX_OVERHEAD}×")
        if growth and growth > MAX_GROWTH:
            marks.append(f"growth > {MAX_GROWTH}×")
        if r["queries"] > MAX_QUERIES or (sm and sm.get("queries") not in (None, r["queries"])):
            marks.append("queries")
        if r["p95"] > MAX_P95_MS:
            marks.append(f"p95 > {MAX_P95_MS:.0f} ms")
        notes = "; ".join(filter(None, [("MISSES: " + ", ".join(marks)) if marks else "", r.get("note", "")]))
        lines.append(
            f"| {r['key']} | {r['persona']} | 200 | {r['queries']}/{sm.get('queries', '—')} | {_fmt(r['median'])} "
            f"| {_fmt(r['p95'])} | {_fmt(r.get('cpu'))} | {_fmt(r['raw'])} | {_fmt(ratio, 2)} "
            f"| {_fmt(sm.get('median'))} "
            f"| {_fmt(growth, 2)} | {', '.join(r['seq_scans']) or 'none'} | {notes} |"
        )
    lines += ["", "Slowest query per page (full data):", ""]
    for r in full["rows"]:
        if r.get("slowest"):
            lines.append(f"- {r['key']}: {r['slowest']['ms']:.1f} ms — `{r['slowest']['sql'][:200]}…`")
    lines += ["", "Indexes used per page (full data):", ""]
    for r in full["rows"]:
        if "indexes" in r:
            lines.append(f"- {r['key']}: {', '.join(r['indexes']) or 'none'}")
    if full.get("generated_in"):
        lines += ["", f"Full data generated in this run: {full['generated_in']:.0f} s."]
    lines += render_fanout([("full", full.get("fanout")), ("small", small and small.get("fanout"))])
    return "\n".join(lines) + "\n"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ.get
    parser.add_argument(
        "--database-url", default=env("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kl_perf_bench")
    )
    parser.add_argument(
        "--small-database-url",
        default=env("BENCH_SMALL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kl_perf_bench_small"),
    )
    parser.add_argument("--profiles", type=int, default=int(env("BENCH_PROFILES", "200000")))
    parser.add_argument("--assignments", type=int, default=int(env("BENCH_ASSIGNMENTS", "20000")))
    parser.add_argument("--requests", type=int, default=int(env("BENCH_REQUESTS", "40")))
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-small", action="store_true", help="Skip the one-tenth run.")
    parser.add_argument("--no-fanout", action="store_true", help="Skip the publish and fan-out measurement.")
    parser.add_argument(
        "--fanout-share", type=float, default=float(env("BENCH_FANOUT_SHARE", "0.05")), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--fanout-timeout",
        type=int,
        default=int(env("BENCH_FANOUT_TIMEOUT", "1800")),
        help="Stop a fan-out after this many seconds (BENCH_FANOUT_TIMEOUT, 1800).",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    parsed = urlparse(args.database_url)
    args.database_url_safe = parsed._replace(netloc=parsed.hostname or "").geturl()

    if args.worker:
        sys.path.insert(0, str(ROOT))
        result = worker(args)
        Path(args.json_out).write_text(json.dumps(result, default=str))
        return 0

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "load_before": _load(),
        "requests": str(args.requests),
        "warmup": str(args.warmup),
    }
    try:
        import psycopg

        ensure_database(args.database_url)
        with psycopg.connect(args.database_url) as conn:
            meta["postgres"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - report and stop
        print(f"Cannot reach PostgreSQL at {args.database_url_safe}: {error}", file=sys.stderr)
        return 2
    print(f"full size: {args.profiles:,} profiles / {args.assignments:,} assignments", file=sys.stderr)
    full = run_worker(args.database_url, args.profiles, args.assignments, args)
    if not args.no_fanout:
        print("full size: publish and fan-out …", file=sys.stderr, flush=True)
        full["fanout"] = run_fanout(args.database_url, args)
    small = None
    if not args.no_small:
        print(f"small size: {args.profiles // 10:,} / {args.assignments // 10:,}", file=sys.stderr)
        small = run_worker(args.small_database_url, args.profiles // 10, args.assignments // 10, args)
        if not args.no_fanout:
            print("small size: publish and fan-out …", file=sys.stderr, flush=True)
            small["fanout"] = run_fanout(args.small_database_url, args)
    meta["load_after"] = _load()
    table = render(full, small, meta)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(table)
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "full": full, "small": small}, default=str))
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
