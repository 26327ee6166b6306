"""Where a page's Python time goes: cProfile over repeated requests of one benchmark page.

    DATABASE_URL=postgres://…/kl_bench_1m DEBUG=false python -m bench.profile_page "professionals" \\
        --requests 20 [--sort tottime] [--limit 40] [--out page.prof]

The page keys, personas and URLs are those of ``bench/run.py`` (``PAGES``); the request runs
through the Django test client like the benchmark. Prints the functions by cumulative and by own
time, and the time spent waiting for PostgreSQL (cursor execute) against everything else.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a key of bench.run.PAGES, e.g. 'klussen' or 'dashboard'")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=35)
    parser.add_argument("--out", help="also write the raw profile here (for snakeviz, pstats)")
    parser.add_argument("--plain", action="store_true", help="only time the requests (CPU and wall), no profiler")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, value in {
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "testserver",
        "MFA_ENFORCE": "false",
    }.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    from django.test import Client

    from bench import personas, run

    page = next(p for p in run.PAGES if p.key == args.page)
    cast = personas.cast(recommendations_at_least=run.MIN_RECOMMENDATIONS)
    personas.give_coordinator_mfa(cast)
    values = personas.placeholders(cast)
    values.update(
        assignment_query=run.ASSIGNMENT_QUERY.replace(" ", "+"), profile_query=run.PROFILE_QUERY.replace(" ", "+")
    )
    path = page.path.format(**values)
    client = Client()
    if page.persona:
        client.force_login(cast[page.persona])
    for _ in range(args.warmup):
        assert client.get(path).status_code == 200, path
    if args.plain:
        cpu_times, wall_times = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            wall_times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - started_cpu) * 1000)
        cpu_times.sort()
        print(
            f"{page.key}: CPU ms median {statistics.median(cpu_times):.1f}, min {cpu_times[0]:.1f}; "
            f"wall ms median {statistics.median(wall_times):.1f}; load {os.getloadavg()[0]:.1f}"
        )
        return 0
    # CPU time, not wall time: on a shared machine, waiting for a core would be charged to
    # whichever function was running; waiting for PostgreSQL is not counted either (see below).
    profiler = cProfile.Profile(time.process_time)
    started, started_cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    for _ in range(args.requests):
        client.get(path)
    profiler.disable()
    wall = (time.perf_counter() - started) * 1000 / args.requests
    cpu = (time.process_time() - started_cpu) * 1000 / args.requests
    if args.out:
        profiler.dump_stats(args.out)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    waiting = sum(
        tt
        for (file, _, name), (_, _, tt, _, _) in stats.stats.items()
        if name in ("execute", "fetchmany", "fetchall") and "psycopg" in file
    )
    print(f"{page.key} {path}: {wall:.1f} ms wall, {cpu:.1f} ms CPU per request under the profiler")
    print(f"own time in psycopg execute/fetch (waiting for PostgreSQL): {waiting * 1000 / args.requests:.1f} ms")
    stats.sort_stats(args.sort).print_stats(args.limit)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
