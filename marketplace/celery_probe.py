"""Liveness of a Celery worker: its heartbeat file (marketplace.celery.HeartbeatFile) is fresh.

    python -m marketplace.celery_probe --max-age 120     # exit 0 alive, 1 not

It asks neither the broker nor the database, so a Redis or PostgreSQL blip does not restart
every worker; a worker whose event loop is stuck stops touching the file and is restarted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

DEFAULT_FILE = "/tmp/klusmarkt-worker-alive"  # noqa: S108 - an emptyDir in the pod.


def is_alive(path: str, max_age: float, now: float | None = None) -> bool:
    try:
        modified = os.stat(path).st_mtime
    except OSError:
        return False
    return (now if now is not None else time.time()) - modified <= max_age


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-age", type=float, default=120.0, help="seconds since the last heartbeat")
    parser.add_argument("--file", default=os.environ.get("CELERY_HEARTBEAT_FILE", DEFAULT_FILE))
    args = parser.parse_args(argv)
    return 0 if is_alive(args.file, args.max_age) else 1


if __name__ == "__main__":
    sys.exit(main())
