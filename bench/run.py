"""The benchmark: server time per page at two data sizes, interleaved, beside the framework floor.

Run ``python -m bench.run`` (``make bench``): 1,000,000 profiles / 50,000 assignments beside
one tenth of that (``--profiles 200000 --assignments 20000`` for the earlier pair). For each size
a worker process is started on its own database (``kl_bench_1m``, ``kl_bench_100k``, …; created,
migrated and filled with ``generate_scale_data`` if empty) and kept running; the parent then
drives both page by page for ``--rounds`` rounds (the order alternating), so both sizes are
timed under the same load: ``--requests`` timed GETs per round through the Django test client,
then every statement the page ran re-run raw through psycopg (``bench/statements.py``: nothing
skipped, writes rolled back) and each EXPLAINed once, a sequential scan of any table over 10,000
rows (from ``pg_class``) flagged. The report gives median and p95 over all rounds, the spread of
the round medians and the load averages seen. The parent writes the Markdown table to
``bench/results/latest.md`` and prints it.

Environment (or the matching options): BENCH_PROFILES (1000000), BENCH_ASSIGNMENTS (50000),
BENCH_DATABASE_URL, BENCH_SMALL_DATABASE_URL, BENCH_ROUNDS (4), BENCH_REQUESTS (10 per round),
BENCH_FANOUT_MATCHES (10000), BENCH_FANOUT_TIMEOUT (1800), BENCH_SMTP_PORT (0: any free port).

After the pages, ``bench/publish_fanout.py`` publishes at each size one assignment designed to
match about ``--fanout-matches`` profiles (a tenth at the small size) and runs its whole fan-out in
a process of its own, sending every email over SMTP to ``bench/smtp_sink.py`` (time, peak RSS,
queries, emails sent and received, and the publishing request beside a twin with no matches),
then deletes it.
"""

from __future__ import annotations

import argparse
import contextlib
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

from bench.statements import percentile

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
    Page(
        "professionals 3 filters",
        "/professionals/?engagement={form}&region={region}&field_of_work={field}",
        "professional",
    ),
    Page("professionals", "/professionals/", "professional"),
    Page("assignment detail", "/klussen/{assignment_code}/", "professional"),
    Page("profile", "/professionals/{profile_code}/", "professional"),
    Page("dashboard", "/mijn/aanbevolen/", "professional"),
    Page("coordinator members", "/netwerken/{network_slug}/beheer/leden/", "coordinator"),
    # Matching for one assignment: the poster's "suitable professionals" page (scores live).
    Page("matching (suitable)", "/klussen/{poster_assignment_code}/geschikt/", "poster"),
]
# The pages bench/load.sh puts under load (floor first), the directory among them.
LOAD_PAGES = ["floor", "klussen search", "assignment detail", "klussen", "professionals search", "professionals"]
# The dashboard persona must get at least this many recommendations at every size, or the two
# sizes would time different code (at 200,000 profiles the first professional by id got none).
MIN_RECOMMENDATIONS = 3

# Targets from issues 7 and 17.
MAX_OVERHEAD = 2.0
MAX_GROWTH = 1.5
MAX_QUERIES = 12
MAX_P95_MS = 300.0
DIRECTORY_MEDIAN_MS = 50.0
DIRECTORY_P95_MS = 100.0
DIRECTORY_PAGES = ("professionals search", "professionals 3 filters")
MAX_FANOUT_SECONDS = 60.0
MAX_FANOUT_RSS_MIB = 300.0


# ------------------------------------------------------------------------------------------
# The worker: one database, one data size, kept running so the two sizes can be interleaved.
# Protocol: one JSON object per line on stdin (a command), one per line back on the original
# stdout (anything else the worker prints goes to stderr).
# ------------------------------------------------------------------------------------------


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Worker:
    """What a worker holds between commands: the pages, a logged-in client per page, the raw connection."""

    def __init__(self, args: argparse.Namespace) -> None:
        import django

        django.setup()
        import psycopg
        from django.core.management import call_command
        from django.db import connection

        from bench import personas, scale, statements

        call_command("migrate", verbosity=0, interactive=False)
        # Production settings serve hashed static names from the manifest: build it like a deploy does.
        call_command("collectstatic", verbosity=0, interactive=False)
        self.generated_in = None
        if not scale.generated_user_count():
            print(f"No scale data in {args.database_url_safe}: generating …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            scale.generate(profiles=args.profiles, assignments=args.assignments, seed=args.seed)
            self.generated_in = time.perf_counter() - started
        missing = [name for name in scale.REACTION_STEPS if not scale.generated_rows(name)]
        if missing and self.generated_in is None:
            print(f"No {', '.join(missing)} in {args.database_url_safe}: adding them …", file=sys.stderr, flush=True)
            scale.generate_only(missing, seed=args.seed)
        scale.analyze()  # fresh statistics and empty GIN pending lists, as autovacuum would leave them
        self.sizes = personas.sizes()
        if self.generated_in is None and self.sizes["profiles"] != args.profiles:
            print(
                f"Note: {args.database_url_safe} holds {self.sizes['profiles']:,} profiles, not {args.profiles:,} "
                "as asked; measuring what is there (generate_scale_data --clear to change it).",
                file=sys.stderr,
            )
        self.cast = personas.cast(recommendations_at_least=MIN_RECOMMENDATIONS)
        personas.give_coordinator_mfa(self.cast)
        values = personas.placeholders(self.cast)
        values.update(
            assignment_query=ASSIGNMENT_QUERY.replace(" ", "+"), profile_query=PROFILE_QUERY.replace(" ", "+")
        )
        self.paths = personas.code_paths(self.cast)
        # The same session options as Django's connection (JIT off), or the comparison is unfair.
        options = connection.settings_dict.get("OPTIONS", {}).get("options")
        self.raw = psycopg.connect(args.database_url, **({"options": options} if options else {}))
        with self.raw.cursor() as cursor:
            self.large = statements.large_tables(cursor)
        self.raw.rollback()
        self.pages: dict[str, dict[str, Any]] = {}
        self.clients: dict[str, Any] = {}
        self.statements: dict[str, list[Any]] = {}
        self.warmup = args.warmup
        for page in PAGES:
            self.pages[page.key] = self._prepare(page, values)

    def _prepare(self, page: Page, values: dict[str, str]) -> dict[str, Any]:
        from django.test import Client

        row: dict[str, Any] = {"key": page.key, "persona": page.persona or "anonymous"}
        try:
            row["path"] = page.path.format(**values)
        except KeyError as missing:
            return {**row, "path": page.path, "status": f"no data for {missing}"}
        if page.persona and page.persona not in self.cast:
            return {**row, "status": f"no {page.persona} in the data"}
        client = Client()
        if page.persona:
            client.force_login(self.cast[page.persona])
        response = client.get(row["path"])
        row["status"] = response.status_code
        if response.status_code == 200:
            self.clients[page.key] = client
            for _ in range(self.warmup):
                client.get(row["path"])
        return row

    def times(self, key: str, n: int) -> dict[str, Any]:
        client, path = self.clients[key], self.pages[key]["path"]
        times, cpu = [], []
        for _ in range(n):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        return {"times": times, "cpu": cpu, "load": _load()}

    def detail(self, key: str) -> dict[str, Any]:
        """The page's statements (all of them), their plans, and what the page did."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from bench import statements

        # Twice, keeping the shorter: a session is refreshed once every SESSION_REFRESH_SECONDS
        # (a session write and allauth's session list), which would count as the page's own work
        # at whichever size happened to hit it.
        captures = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                self.clients[key].get(self.pages[key]["path"])
            captures.append(captured)
        captured = min(captures, key=lambda c: len(c.captured_queries))
        sqls = [q["sql"] for q in captured.captured_queries]
        work = statements.measured(sqls)
        self.statements[key] = work
        plans = statements.explain_all(self.raw, work, self.large)
        kinds = [statements.classify(s).kind for s in sqls]
        reads = [s.sql for s in work if s.kind == "read"]
        return {
            "queries": len(sqls),
            "reads": kinds.count("read"),
            "writes": kinds.count("write"),
            "control": kinds.count("control") + kinds.count("other"),
            "statements": [sql[:160] for sql in sqls],
            "seq_scans": sorted({t for p in plans for t in p.get("seq_scans", [])}),
            "planned_only_seq_scans": sorted({t for p in plans for t in p.get("planned_only_seq_scans", [])}),
            "unexplained": [p for p in plans if "error" in p],
            "indexes": sorted({i for p in plans for i in p.get("indexes", [])}),
            "uses_search": "@@" in " ".join(reads),
            "sql_fingerprint": hash(
                tuple(
                    re.sub(r"'\d{4}-\d\d-\d\d[^']*'", "?", s)
                    for s in reads
                    if "django_session" not in s and "usersessions_" not in s  # a new session per page
                )
            ),
            "slowest": max(
                (
                    {"sql": q["sql"][:300], "ms": float(q["time"]) * 1000}
                    for q in captured.captured_queries
                    if statements.classify(q["sql"]).kind in ("read", "write")
                ),
                key=lambda x: x["ms"],
                default=None,
            ),
        }

    def raw_times(self, key: str, n: int) -> dict[str, Any]:
        from bench import statements

        runs = [statements.rerun(self.raw, self.statements[key]) for _ in range(n)]
        return {"raw": [ms for ms, _ in runs], "failed_writes": max(f for _, f in runs), "load": _load()}

    def hello(self) -> dict[str, Any]:
        return {
            "sizes": self.sizes,
            "generated_in": self.generated_in,
            "pages": self.pages,
            "large_tables": sorted(self.large),
            "code_paths": self.paths,
        }


def worker(args: argparse.Namespace) -> None:
    # Keep the real stdout for the protocol; send every stray print to stderr.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    state = Worker(args)
    protocol.write(json.dumps(state.hello(), default=str) + "\n")
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        handler = {"times": state.times, "detail": state.detail, "raw": state.raw_times}[command["cmd"]]
        params = {k: v for k, v in command.items() if k != "cmd"}
        protocol.write(json.dumps(handler(**params), default=str) + "\n")
    state.raw.close()


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


class WorkerProcess:
    """A worker (``--worker``) on one database, driven line by line."""

    def __init__(self, label: str, url: str, profiles: int, assignments: int, args: argparse.Namespace) -> None:
        ensure_database(url)
        self.label = label
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
            "--profiles", str(profiles), "--assignments", str(assignments),
            "--warmup", str(args.warmup), "--seed", str(args.seed),
        ]  # fmt: skip
        if args.pages:
            command += ["--pages", ",".join(args.pages)]
        self.process = subprocess.Popen(  # noqa: S603 - our own module
            command, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self.hello: dict[str, Any] | None = None

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.label} worker stopped (exit {self.process.wait()}); see the output above")
        return json.loads(line)

    def ready(self) -> dict[str, Any]:
        if self.hello is None:
            self.hello = self.read()
        return self.hello

    def call(self, cmd: str, **params: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, **params}) + "\n")
        return self.read()

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError, RuntimeError, json.JSONDecodeError):
                self.call("quit")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.terminate()


def measure(workers: list[WorkerProcess], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every page at every size, interleaved: in each round, each page at one size right after the
    other (the order alternating between rounds), so both sizes share the machine's load.

    Per page and size: the timed requests and the raw re-runs of all rounds pooled (median, p95),
    the medians of the single rounds (their min and max: the spread), and the load averages seen.
    """
    results = []
    for w in workers:
        hello = w.ready()
        rows = {key: {**row} for key, row in hello["pages"].items()}
        for key, row in rows.items():
            if row.get("status") == 200:
                row.update(w.call("detail", key=key))
                row.update(times=[], cpu=[], raw=[], round_medians=[], raw_round_medians=[], loads=[])
        results.append({"label": w.label, "hello": hello, "rows": rows})
    raw_n = max(3, args.requests // 2)
    for round_no in range(args.rounds):
        order = list(range(len(workers))) if round_no % 2 == 0 else list(reversed(range(len(workers))))
        print(f"round {round_no + 1}/{args.rounds}, load {_load()}", file=sys.stderr, flush=True)
        for page in PAGES:
            for i in order:
                row = results[i]["rows"].get(page.key, {})
                if "times" not in row:
                    continue
                timed = workers[i].call("times", key=page.key, n=args.requests)
                raw = workers[i].call("raw", key=page.key, n=raw_n)
                row["times"] += timed["times"]
                row["cpu"] += timed["cpu"]
                row["raw"] += raw["raw"]
                row["failed_writes"] = raw["failed_writes"]
                row["round_medians"].append(statistics.median(timed["times"]))
                row["raw_round_medians"].append(statistics.median(raw["raw"]))
                row["loads"].append(timed["load"][0])
    for result in results:
        for row in result["rows"].values():
            if row.get("times"):
                _summarise(row)
        _note_ignored_parameters(list(result["rows"].values()))
    return results


def _summarise(row: dict[str, Any]) -> None:
    row.update(
        median=statistics.median(row["times"]),
        p95=percentile(row["times"], 95),
        min_round=min(row["round_medians"]),
        max_round=max(row["round_medians"]),
        cpu_median=statistics.median(row["cpu"]),
        raw_median=statistics.median(row["raw"]),
        load_min=min(row["loads"]),
        load_max=max(row["loads"]),
    )
    del row["times"], row["cpu"], row["raw"]


def _note_ignored_parameters(rows: list[dict[str, Any]]) -> None:
    by_key = {r["key"]: r for r in rows}
    for r in rows:
        page = next((p for p in PAGES if p.key == r["key"]), None)
        if page and page.needs_search and "uses_search" in r and not r["uses_search"]:
            r["note"] = "search parameter ignored on this branch (no @@ in the SQL)"
    base = by_key.get("klussen")
    for r in rows:
        if (
            base
            and r is not base
            and r["key"].startswith("klussen ")
            and "sql_fingerprint" in r
            and r.get("sql_fingerprint") == base.get("sql_fingerprint")
        ):
            r.setdefault("note", "parameters ignored on this branch (same SQL as /klussen/)")


def run_fanout(url: str, target: int, args: argparse.Namespace) -> dict[str, Any]:
    """Publish and fan out one assignment aiming at ``target`` matches (bench/publish_fanout.py),
    its emails sent over SMTP to a local sink (bench/smtp_sink.py) that counts what arrives."""
    from bench.smtp_sink import SmtpSink

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    env = {
        key: value
        for key, value in os.environ.items()
        # No broker: the fan-out and its email batches run eagerly in this one process, like one worker.
        if key not in ("REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD")
    }
    sink = SmtpSink(args.smtp_port).start()
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        MFA_ENFORCE="false",
        EMAIL_BACKEND="bench.mail.CountingSMTPBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
    )
    command = [sys.executable, "-m", "bench.publish_fanout", "--target", str(target), "--json-out", out_path]
    if os.environ.get("REDIS_URL") and not args.fanout_eager:
        # As deployed (a worker of two processes): the fan-out in one process, its email batches
        # through the broker to a Celery worker in another (bench/publish_fanout.py starts it).
        env["CELERY_BROKER_URL"] = os.environ["REDIS_URL"]
        command.append("--email-worker")
    load_before = _load()
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own module
    try:
        returncode = process.wait(timeout=args.fanout_timeout)
        if returncode:
            return {"error": f"failed (exit {returncode}); see the output above"}
        result = json.loads(Path(out_path).read_text())
        result["smtp_sink"] = sink.snapshot()
        result["load"] = {"before": load_before, "after": _load()}
        return result
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the process unwinds and deletes what it made.
        process.terminate()
        try:
            process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
        return {"error": f"did not finish within {args.fanout_timeout} s (stopped)"}
    finally:
        sink.stop()
        Path(out_path).unlink(missing_ok=True)


def render_fanout(runs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The fan-out section of the results: one row per data size, with the issue's targets."""
    lines = [
        "",
        "## Fan-out of one publish",
        "",
        "One public, remote assignment designed from the data to match about 10,000 profiles at the "
        "full size and a tenth of that at the small one (two expertise tags, hours a week; see "
        "bench/publish_fanout.py), published "
        "through the real view with the task held back, then fanned out through "
        "`matching.tasks.assignment_fanout_task` in one process with eager tasks (matching, "
        "notifications and every email batch, as one worker would; every email sent over SMTP to a "
        "local sink, bench/smtp_sink.py, which counts what arrives), "
        "then deleted with everything it made. With a broker (REDIS_URL, unless --fanout-eager) the "
        "email batches go through it to a Celery worker in a process of its own, as a deployed worker "
        "of two processes runs them, and the run ends when that worker has sent the last email "
        "(\"until the last email\", with the worker's CPU). Peak RSS is that process's high-water mark during "
        "the fan-out (reset just before). The publish request is measured beside a twin nobody "
        "matches: the same queries and about the same time show the request does not grow with the matches.",
        "",
        f"Targets: fan-out ≤ {MAX_FANOUT_SECONDS:.0f} s and peak RSS < {MAX_FANOUT_RSS_MIB:.0f} MB at ~10,000 matches.",
        "",
        "| data | profiles | target / expected / actual matches | emails sent / received by the sink "
        "| fan-out s (CPU s) | until the last email s (email worker CPU s) | queries | RSS before → peak MiB "
        "| publish request: queries, ms (twin with 0 matches) | load before / after | targets |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, run in runs:
        if not run:
            continue
        if "fanout" not in run:
            lines.append(
                f"| {label} | {run.get('profiles', '—')} | | | | | | | | | not measured: {run.get('error', '?')} |"
            )
            continue
        f, pub, twin = run["fanout"], run["publish"], run["publish_no_matches"]
        marks = []
        worker = run.get("email_worker")
        until_last = worker["seconds_until_last_email"] if worker else f["seconds"]
        if until_last > MAX_FANOUT_SECONDS:
            marks.append(f"time > {MAX_FANOUT_SECONDS:.0f} s")
        if worker and worker["still_pending"]:
            marks.append(f"{worker['still_pending']:,} emails never sent")
        if f["peak_rss_mib"] >= MAX_FANOUT_RSS_MIB:
            marks.append(f"RSS ≥ {MAX_FANOUT_RSS_MIB:.0f} MB")
        if pub["queries"] != twin["queries"]:
            marks.append("publish queries differ")
        verdict = ("MISSES: " + ", ".join(marks)) if marks else "met"
        if f["matches"] < 5_000:
            verdict += " (the targets are for ~10,000 matches)"
        lines.append(
            f"| {label} | {run['profiles']:,} | {run['target']:,} / {run['expected']:,} / {f['matches']:,} "
            f"| {f['emails']:,} / {run.get('smtp_sink', {}).get('messages', '—')} "
            f"| {f['seconds']:.1f} ({f['cpu_seconds']:.1f}) "
            + (
                f"| {worker['seconds_until_last_email']:.1f} ({worker['cpu_seconds']:.1f}) "
                if worker
                else "| eager: the fan-out's own "
            )
            + f"| {f['queries']:,} "
            f"| {_fmt(f['rss_before_mib'], 0)} → {_fmt(f['peak_rss_mib'], 0)} "
            f"| {pub['queries']}, {pub['ms']:.0f} ({twin['queries']}, {twin['ms']:.0f}) "
            f"| {_loads(run.get('load', {}).get('before'))} / {_loads(run.get('load', {}).get('after'))} | {verdict} |"
        )
    lines.append("")
    for label, run in runs:
        if run and "fanout" in run:
            lines.append(
                f'- {label}: tags "{run["expertise"]}" ({run.get("with_both_tags", "?")} eligible profiles hold both), '
                f"{run['hours']} hours a week; "
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


def _loads(values: list[float] | None) -> str:
    return "—" if not values else " ".join(f"{x:.2f}" for x in values)


def _spread(r: dict[str, Any]) -> str:
    return f"{_fmt(r['median'])} ({_fmt(r['min_round'])}–{_fmt(r['max_round'])})"


def verdict(
    r: dict[str, Any], sm: dict[str, Any], floor: dict[str, Any] | None
) -> tuple[float, float | None, list[str]]:
    """The ratio to (floor + raw SQL), the growth from the small size, and the targets missed."""
    ratio = r["median"] / ((floor["median"] if floor else 0) + r["raw_median"])
    growth = r["median"] / sm["median"] if sm.get("median") else None
    marks = []
    if r["key"] != "floor" and ratio > MAX_OVERHEAD:
        marks.append(f"overhead > {MAX_OVERHEAD}×")
    if growth and growth > MAX_GROWTH:
        marks.append(f"growth > {MAX_GROWTH}×")
    if r["queries"] > MAX_QUERIES or (sm and sm.get("queries") not in (None, r["queries"])):
        marks.append("queries")
    if r["key"] in DIRECTORY_PAGES:
        if r["median"] > DIRECTORY_MEDIAN_MS:
            marks.append(f"median > {DIRECTORY_MEDIAN_MS:.0f} ms")
        if r["p95"] > DIRECTORY_P95_MS:
            marks.append(f"p95 > {DIRECTORY_P95_MS:.0f} ms")
    elif r["p95"] > MAX_P95_MS:
        marks.append(f"p95 > {MAX_P95_MS:.0f} ms")
    if r["seq_scans"]:
        marks.append("sequential scan")
    if r.get("unexplained"):
        marks.append(f"{len(r['unexplained'])} statements could not be explained")
    return ratio, growth, marks


def render(full: dict[str, Any], small: dict[str, Any] | None, meta: dict[str, Any]) -> str:
    floor = next((r for r in full["rows"] if r["key"] == "floor" and "median" in r), None)
    floor_small = small and next((r for r in small["rows"] if r["key"] == "floor" and "median" in r), None)
    small_rows = {r["key"]: r for r in small["rows"]} if small else {}
    s = full["sizes"]
    lines = [
        f"# Benchmark {meta['date']}",
        "",
        f"- Machine: {meta['machine']}; PostgreSQL: {meta.get('postgres', '?')}; load average (1/5/15 min) "
        f"before / after: {meta['load_before']} / {meta['load_after']}. **The machine is shared**: compare the "
        "load column before trusting an absolute figure.",
        f"- Full data: {s['profiles']:,} profiles, {s['assignments']:,} assignments, {s['users']:,} users, "
        f"{s['memberships']:,} memberships"
        + (
            f"; small data: {small['sizes']['profiles']:,} profiles, {small['sizes']['assignments']:,} assignments"
            if small
            else ""
        ),
        f"- {meta['rounds']} rounds × {meta['requests']} timed requests per page and size after {meta['warmup']} "
        "warm-up, Django test client in-process (server time: middleware, view, template, queries). The two "
        "sizes run in two worker processes, interleaved page by page (the order alternating per round), so "
        "both see the same load. Median and p95 over all requests; in brackets the lowest and highest "
        "median of a single round (the spread). Python CPU = process time of the request in the Django "
        "process; raw = every statement the page ran (reads, the query inside `DECLARE … CURSOR`, "
        "`(SELECT … UNION ALL …)`, and writes, rolled back) re-run through psycopg, median over the rounds.",
        f"- Large tables (more than 10,000 rows in pg_class, full data): {', '.join(full['large_tables'])}",
        f"- Floor (`/`, anonymous, no queries): median {_fmt(floor and floor['median'], 2)} ms"
        + (f" (small data: {_fmt(floor_small['median'], 2)} ms)" if floor_small else ""),
        "",
        "| page | persona | queries (full/small) | median ms (round min–max) | p95 ms | Python CPU ms | raw SQL ms "
        "| ratio median/(floor+raw) | small median ms (min–max) | small p95 | growth | load during | "
        "seq scan on large table | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in full["rows"]:
        sm = small_rows.get(r["key"], {})
        if "median" not in r:
            status = "not available (404)" if r.get("status") == 404 else str(r.get("status"))
            lines.append(f"| {r['key']} | {r['persona']} | {status} | | | | | | | | | | | `{r['path']}` |")
            continue
        ratio, growth, marks = verdict(r, sm, floor)
        notes = "; ".join(filter(None, [("MISSES: " + ", ".join(marks)) if marks else "", r.get("note", "")]))
        if r.get("failed_writes"):
            notes += f"; {r['failed_writes']} write(s) failed when re-run"
        if r.get("planned_only_seq_scans"):
            notes += f"; its own EXPLAIN (planned, not run) scans {', '.join(r['planned_only_seq_scans'])}"
        lines.append(
            f"| {r['key']} | {r['persona']} | {r['queries']}/{sm.get('queries', '—')} | {_spread(r)} "
            f"| {_fmt(r['p95'])} | {_fmt(r['cpu_median'])} | {_fmt(r['raw_median'])} | {_fmt(ratio, 2)} "
            f"| {_spread(sm) if sm.get('median') else '—'} | {_fmt(sm.get('p95'))} "
            f"| {_fmt(growth, 2)} | {r['load_min']:.1f}–{r['load_max']:.1f} "
            f"| {', '.join(r['seq_scans']) or 'none'}"
            + (f" (small: {', '.join(sm['seq_scans'])})" if sm.get("seq_scans") else "")
            + f" | {notes} |"
        )
    lines += ["", "Code paths of the personas (the same at both sizes, or the comparison is void):", ""]
    for label, result in [("full", full), ("small", small)]:
        if result:
            lines.append(f"- {label}: " + ", ".join(f"{k} {v}" for k, v in result["code_paths"].items()))
    lines += ["", "Slowest statement per page (full data):", ""]
    for r in full["rows"]:
        if r.get("slowest"):
            lines.append(f"- {r['key']}: {r['slowest']['ms']:.1f} ms — `{r['slowest']['sql'][:200]}…`")
    lines += ["", "Indexes used per page (full data):", ""]
    for r in full["rows"]:
        if "indexes" in r:
            lines.append(f"- {r['key']}: {', '.join(r['indexes']) or 'none'}")
    unexplained = [(r["key"], u) for r in full["rows"] for u in r.get("unexplained", [])]
    if unexplained:
        lines += ["", "Statements EXPLAIN refused (full data):", ""]
        lines += [f"- {key}: {u['error']} — `{u['sql']}`" for key, u in unexplained]
    if full.get("generated_in"):
        lines += ["", f"Full data generated in this run: {full['generated_in']:.0f} s."]
    lines += render_fanout([("full", full.get("fanout")), ("small", small and small.get("fanout"))])
    return "\n".join(lines) + "\n"


def default_url(profiles: int) -> str:
    """``kl_bench_1m``, ``kl_bench_100k``, ``kl_bench_200k``, …: one database per data size."""
    label = f"{profiles // 1_000_000}m" if profiles % 1_000_000 == 0 else f"{profiles // 1000}k"
    if profiles < 1000:
        label = str(profiles)
    return f"postgres://postgres@127.0.0.1:5432/kl_bench_{label}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ.get
    parser.add_argument("--profiles", type=int, default=int(env("BENCH_PROFILES", "1000000")))
    parser.add_argument("--assignments", type=int, default=int(env("BENCH_ASSIGNMENTS", "50000")))
    parser.add_argument("--database-url", default=env("BENCH_DATABASE_URL"), help="default: kl_bench_<size>")
    parser.add_argument("--small-database-url", default=env("BENCH_SMALL_DATABASE_URL"))
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "4")))
    parser.add_argument("--requests", type=int, default=int(env("BENCH_REQUESTS", "10")), help="per round")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-small", action="store_true", help="Skip the one-tenth size.")
    parser.add_argument("--no-fanout", action="store_true", help="Skip the publish and fan-out measurement.")
    parser.add_argument("--fanout-matches", type=int, default=int(env("BENCH_FANOUT_MATCHES", "10000")))
    parser.add_argument(
        "--fanout-timeout",
        type=int,
        default=int(env("BENCH_FANOUT_TIMEOUT", "1800")),
        help="Stop a fan-out after this many seconds (BENCH_FANOUT_TIMEOUT, 1800).",
    )
    parser.add_argument(
        "--fanout-eager",
        action="store_true",
        help="Send the fan-out's emails in its own process (eager), even when REDIS_URL gives a broker.",
    )
    parser.add_argument("--smtp-port", type=int, default=int(env("BENCH_SMTP_PORT", "0")), help="0: any free port")
    parser.add_argument(
        "--pages",
        type=lambda v: [k.strip() for k in v.split(",") if k.strip()],
        default=None,
        help="Only these page keys (comma-separated, e.g. 'floor,professionals search'); the floor is always kept.",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pages:
        unknown = sorted(set(args.pages) - {p.key for p in PAGES})
        if unknown:
            parser.error(f"unknown page(s): {', '.join(unknown)}")
        PAGES[:] = [p for p in PAGES if p.key == "floor" or p.key in args.pages]
    args.database_url = args.database_url or default_url(args.profiles)
    args.small_database_url = args.small_database_url or default_url(args.profiles // 10)
    parsed = urlparse(args.database_url)
    args.database_url_safe = parsed._replace(netloc=parsed.hostname or "").geturl()

    if args.worker:
        sys.path.insert(0, str(ROOT))
        worker(args)
        return 0

    meta: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "load_before": _loads(_load()),
        "requests": args.requests,
        "rounds": args.rounds,
        "warmup": args.warmup,
    }
    try:
        import psycopg

        ensure_database(args.database_url)
        with psycopg.connect(args.database_url) as conn:
            meta["postgres"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - report and stop
        print(f"Cannot reach PostgreSQL at {args.database_url_safe}: {error}", file=sys.stderr)
        return 2
    sizes = [("full", args.database_url, args.profiles, args.assignments)]
    if not args.no_small:
        sizes.append(("small", args.small_database_url, args.profiles // 10, args.assignments // 10))
    workers: list[WorkerProcess] = []
    try:
        for label, url, profiles, assignments in sizes:
            print(f"{label} size: {profiles:,} profiles / {assignments:,} assignments", file=sys.stderr, flush=True)
            workers.append(WorkerProcess(label, url, profiles, assignments, args))
            workers[-1].ready()  # one at a time: a generation must not compete with the other's
        measured_sizes = measure(workers, args)
    finally:
        for w in workers:
            w.close()
    results = []
    for result in measured_sizes:
        hello = result["hello"]
        results.append(
            {
                "sizes": hello["sizes"],
                "generated_in": hello["generated_in"],
                "large_tables": hello["large_tables"],
                "code_paths": hello["code_paths"],
                "rows": [result["rows"][p.key] for p in PAGES],
            }
        )
    if not args.no_fanout:
        for (label, url, _, _), result in zip(sizes, results, strict=True):
            target = args.fanout_matches if label == "full" else args.fanout_matches // 10
            print(f"{label} size: publish and fan-out (about {target:,} matches) …", file=sys.stderr, flush=True)
            result["fanout"] = run_fanout(url, target, args)
    full, small = results[0], (results[1] if len(results) > 1 else None)
    meta["load_after"] = _loads(_load())
    table = render(full, small, meta)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(table)
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "full": full, "small": small}, default=str))
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
