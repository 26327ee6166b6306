"""Benchmark (not a test): publish one assignment against N generated profiles and fan it out.

Reports the time to complete the fan-out, the number of matches, the queries (by kind), the
peak Python memory (tracemalloc) and the peak resident set size (RSS: VmHWM, and
``resource.getrusage``'s ru_maxrss).
On PostgreSQL the fan-out runs in a fresh Python process, as it would in a worker, so the RSS
peak is the fan-out's own and not the data generation's. Runs in a throw-away test database
(``test_<NAME>``), with the locmem email backend and eager tasks, so nothing leaves the machine:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kl_bench \
        python bench/fanout.py --profiles 20000 --match-share 0.2

Every generated profile is open to assignments; ``--match-share`` of them fit the assignment
(field, expertise, hours), the rest fail a hard condition or score too low.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CHUNK = 5000
UNUSABLE = "!bench"  # an unusable password hash: no one can log in


def generate(n: int, share: float) -> tuple[object, object]:
    from assignments.models import Assignment
    from marketplace.models import User
    from networks.models import Organisation, Region
    from profiles.models import EngagementForm, Expertise, FieldOfWork, Profile

    rng = random.Random(42)
    field = FieldOfWork.objects.create(name="ruimtelijke ordening", slug="ro")
    other_field = FieldOfWork.objects.create(name="sociaal domein", slug="sd")
    skills = [Expertise.objects.create(name=f"expertise {i}", slug=f"e{i}") for i in range(20)]
    forms = list(EngagementForm.objects.all())
    region = Region.objects.get(slug="noord-brabant")
    organisation = Organisation.objects.create(name="Gemeente Bench", slug="bench", kind="gemeente")
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        users = User.objects.bulk_create(
            [User(email=f"bench{start + i}@example.com", password=UNUSABLE) for i in range(size)]
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=u,
                    display_name=f"Bench {u.pk}",
                    open_to_assignments=True,
                    hours_per_week=rng.choice([8, 16, 24, 32]),
                    field_of_work=field if rng.random() < share else other_field,
                    visibility=3,
                )
                for u in users
            ]
        )
        pe = Profile.expertise.through
        pe.objects.bulk_create(
            [pe(profile_id=p.pk, expertise_id=s.pk) for p in profiles for s in rng.sample(skills, 3)]
        )
        pf = Profile.engagement_forms.through
        pf.objects.bulk_create([pf(profile_id=p.pk, engagementform_id=rng.choice(forms).pk) for p in profiles])
        pr = Profile.regions.through
        pr.objects.bulk_create([pr(profile_id=p.pk, region_id=region.pk) for p in profiles if rng.random() < 0.5])
    assignment = Assignment.objects.create(
        title="Projectleider omgevingswet",
        description="Bench",
        organisation=organisation,
        field_of_work=field,
        hours_per_week=16,
        compensation=Assignment.Compensation.PUBLIC_RATE,
        audience=Assignment.Audience.PUBLIC,
        region=region,
    )
    assignment.expertise.set(skills[:4])
    assignment.engagement_forms.set(forms)
    return assignment, field


def _rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB.

    ``VmHWM`` from /proc/self/status where there is one: Linux carries ``getrusage``'s
    ``ru_maxrss`` over fork and exec, so in the child it would report the parent's (the data
    generation's) peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _counting(statements: list[tuple[str, float, str]]) -> Callable[..., Any]:
    """Record every statement: first word, seconds, SQL head (unbounded, unlike ``connection.queries``)."""

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql.lstrip().split(" ", 1)[0].upper(), time.perf_counter() - start, sql[:90]))

    return wrapper


def _kinds(statements: list[tuple[str, float, str]]) -> str:
    counts: dict[str, int] = {}
    for word, _seconds, _sql in statements:
        counts[word] = counts.get(word, 0) + 1
    return ", ".join(f"{n} {word}" for word, n in sorted(counts.items(), key=lambda item: -item[1]))


def _slowest(statements: list[tuple[str, float, str]], n: int = 5) -> str:
    """The statement shapes (SQL head) that took longest in total, with their count."""
    totals: dict[str, list[float]] = {}
    for _word, seconds, sql in statements:
        totals.setdefault(sql, []).append(seconds)
    ranked = sorted(totals.items(), key=lambda item: -sum(item[1]))[:n]
    return "\n".join(f"  {sum(times):6.2f} s {len(times):5d}x  {sql}" for sql, times in ranked)


def fanout(assignment_id: int, *, batch_size: int, trace: bool, cprofile: str | None) -> None:
    """Run and measure the fan-out of ``assignment_id`` (already published) in this process."""
    from django.core import mail

    from matching.models import Match
    from matching.services.alerts import assignment_fanout

    rss_before = _rss_mib()
    if trace:
        tracemalloc.start()
    profiler = None
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
    load_before = _loadavg()
    t0, cpu0 = time.perf_counter(), time.process_time()
    queries: list[tuple[str, float, str]] = []
    with connection.execute_wrapper(_counting(queries)):
        if profiler:
            profiler.enable()
        run = assignment_fanout(assignment_id=assignment_id, batch_size=batch_size)
        if profiler:
            profiler.disable()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
    tracemalloc.stop()
    if profiler:
        profiler.dump_stats(cprofile)
    traced = f"{peak / 2**20:.1f} MiB" if peak is not None else "not traced"
    print(f"load average before / after the fan-out: {load_before} / {_loadavg()}")
    print(f"fan-out: {elapsed:.2f} s, {run.matches} matches ({Match.objects.count()} stored)")
    # On a shared machine the wall time includes waiting for a core; this process's CPU does not
    # (PostgreSQL's own work is in the wall time only).
    print(f"fan-out: {cpu:.2f} s CPU in this process")
    print(f"fan-out: {len(queries)} queries ({_kinds(queries)}), {sum(q[1] for q in queries):.1f} s waiting for them")
    print(f"slowest statement shapes (total time, count):\n{_slowest(queries)}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"fan-out: peak Python memory {traced}; peak RSS {_rss_mib():.0f} MiB (VmHWM; at the start"
        f" {rss_before:.0f} MiB; getrusage ru_maxrss {maxrss:.0f} MiB, inherited over fork/exec)"
    )
    print(f"emails sent (locmem, eager batches over one connection each): {len(mail.outbox)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10000)
    parser.add_argument("--match-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--no-tracemalloc", action="store_true", help="time without tracemalloc's overhead")
    parser.add_argument("--cprofile", metavar="FILE", help="write a cProfile of the fan-out to FILE")
    parser.add_argument("--fanout-only", type=int, metavar="ASSIGNMENT_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()
    options = {"batch_size": args.batch_size, "trace": not args.no_tracemalloc, "cprofile": args.cprofile}

    setup_test_environment()
    if args.fanout_only:
        # The child: DATABASE_URL already names the parent's test database.
        fanout(args.fanout_only, **options)
        return
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        assignment, _ = generate(args.profiles, args.match_share)
        print(f"generated {args.profiles} profiles in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
        from unittest import mock

        from assignments.services.status import assignment_transition
        from matching import tasks
        from matching.tasks import schedule_fanout

        # The request side only queues the task; stand in for the broker to count its queries.
        with (
            mock.patch.object(tasks.assignment_fanout_task, "apply_async") as queued,
            CaptureQueriesContext(connection) as publish_queries,
        ):
            assignment_transition(assignment=assignment, to="open", actor=None)
            schedule_fanout(assignment)
        assert queued.call_count == 1
        print(f"publish (request side): {len(publish_queries.captured_queries)} queries")
        if connection.vendor == "postgresql":
            connection.close()
            _fanout_in_child(assignment.pk, args)
        else:
            fanout(assignment.pk, **options)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _fanout_in_child(assignment_id: int, args: argparse.Namespace) -> None:
    """Run the fan-out in a fresh interpreter on the test database (a worker's memory, not ours)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    command = [sys.executable, __file__, "--fanout-only", str(assignment_id), "--batch-size", str(args.batch_size)]
    command += ["--no-tracemalloc"] if args.no_tracemalloc else []
    command += ["--cprofile", args.cprofile] if args.cprofile else []
    subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # noqa: S603 - our own script


if __name__ == "__main__":
    main()
