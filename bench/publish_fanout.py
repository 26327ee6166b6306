"""Publish one assignment on the scale data and run its whole fan-out; leaves no traces.

Run by ``bench/run.py`` (``python -m bench.publish_fanout --json-out FILE``) in a process of its
own, with ``DATABASE_URL`` set, no broker (tasks run eagerly, in this process, as one worker
would) and ``bench.mail.CountingSMTPBackend`` sending to ``bench.smtp_sink`` (or
``bench.mail.CountingBackend`` when no SMTP server is given). Steps:

1. Design an assignment that matches about ``--target`` profiles: public, remote, every
   engagement form, two expertise tags and no field of work. The first tag and the hours are
   chosen from the data so that the eligible profiles (open, active, enough hours, available
   today) with that tag are nearest half the target; the second is the tag those profiles hold
   most often besides it, so that the scorer's multi-tag path (overlap of several tags, not one)
   is the one measured. "Expected" is the eligible holders of either tag.
2. Create it and a twin that nobody can match (40 hours a week) as drafts of the bench poster,
   and publish both through the real view (POST /klussen/<code>/publiceren/), the fan-out task
   held back: the request's time and queries, with ~10,000 and with 0 matches to come.
3. Run the fan-out through its task (``matching.tasks.assignment_fanout_task``, in this process):
   wall and CPU time, queries, matches, emails, and the peak RSS of this process during the
   fan-out (VmHWM, reset just before). Its email batches run eagerly in this process too, unless
   ``--email-worker`` is given with ``CELERY_BROKER_URL``: then they go through the broker to a
   real Celery worker (one process, started here), as in a deployment whose worker runs two
   processes (``--concurrency=2``): the fan-out in one, the emails in the other. The time is then
   also measured until the last email of the run is sent (the outbox says so), with the worker's
   CPU.
4. Delete what it made: the two assignments (their matches, hits and run go with them), the
   notifications pointing at them and their audit entries. Leftovers of a killed run are
   deleted at the start of the next.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

MARK = "[bench fan-out]"
HOURS = (4, 8, 12, 16, 20, 24, 32)


def _rss_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset VmHWM (the peak RSS) to the current RSS (Linux: write 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def design(target: int, poster: Any) -> dict[str, Any]:
    """The expertise tag and hours whose expected match count is nearest ``target``."""
    from django.db.models import Count, Exists, OuterRef, Q
    from django.utils import timezone

    from profiles.models import Expertise, Profile

    today = timezone.localdate()
    accepts = Profile.engagement_forms.through.objects.filter(profile_id=OuterRef("pk"))
    eligible = (
        Profile.objects.filter(open_to_assignments=True, is_hidden=False, user__is_active=True)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=today))
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .filter(Exists(accepts))
        .exclude(user=poster)
    )
    best: tuple[int, int, int, int] | None = None  # (distance, hours, expertise id, count)
    holders_by_hours: dict[int, dict[int, int]] = {}
    for hours in HOURS:
        rows = holders_by_hours[hours] = dict(
            Profile.expertise.through.objects.filter(profile__in=eligible.filter(hours_per_week__gte=hours))
            .values("expertise_id")
            .annotate(n=Count("profile_id"))
            .values_list("expertise_id", "n")
        )
        for expertise_id, n in rows.items():
            # Holders of the first tag are about half of the matches: the second tag adds its own.
            candidate = (abs(n - target // 2), hours, expertise_id, n)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        raise RuntimeError("no eligible profiles with expertise in this database")
    _, hours, expertise_id, expected = best
    holders = Profile.expertise.through.objects.filter(
        expertise_id=expertise_id, profile__in=eligible.filter(hours_per_week__gte=hours)
    ).values("profile_id")
    overlaps = (
        Profile.expertise.through.objects.filter(profile_id__in=holders)
        .exclude(expertise_id=expertise_id)
        .values("expertise_id")
        .annotate(n=Count("profile_id"))
        .values_list("expertise_id", "n")
    )
    # The second tag whose eligible holders of either tag (|A| + |B| - |A and B|) come nearest the
    # target, among those a fair share of the first tag's holders also hold (the scorer's overlap
    # of several tags is the path measured). The most frequent co-tag overshot threefold at a
    # million ("omgevingswet": 33,898 expected for a target of 10,000).
    counts = holders_by_hours[hours]
    shared = [(tag, n) for tag, n in overlaps if n >= max(10, expected // 50)]
    second = min(
        shared,
        key=lambda pair: (abs(expected + counts.get(pair[0], pair[1]) - pair[1] - target), pair[0]),
        default=None,
    )
    tags = [Expertise.objects.get(pk=expertise_id)]
    both = 0
    if second:
        tags.append(Expertise.objects.get(pk=second[0]))
        both = second[1]
        # Expected: the eligible holders of either tag (the scorer decides who reaches the threshold).
        expected = eligible.filter(hours_per_week__gte=hours, expertise__in=[t.pk for t in tags]).distinct().count()
    return {"hours": hours, "expertise": tags, "expected": expected, "with_both_tags": both}


def cleanup(codes: list[str] | None = None) -> dict[str, int]:
    """Delete the bench assignments (by code, or every one marked ``MARK``) and what points at them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from assignments.models import Assignment
    from marketplace.models import AuditEntry, Notification

    found = Assignment.objects.filter(title__startswith=MARK)
    if codes is not None:
        found = found.filter(code__in=codes)
    rows = list(found.values_list("pk", "code"))
    if not rows:
        return {}
    by_url = Q()
    for _, code in rows:
        by_url |= Q(url__contains=str(code))
    notifications, _ = Notification.objects.filter(by_url).delete()
    audit, _ = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Assignment), target_id__in=[str(pk) for pk, _ in rows]
    ).delete()
    deleted, _ = Assignment.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    _vacuum()
    return {"notifications": notifications, "audit entries": audit, "assignment rows (with cascades)": deleted}


def _vacuum() -> None:
    """Clear the dead rows the clean-up left, as autovacuum would (it may be off or late here).

    Ten thousand deleted notifications and matches, and the deleted open assignments still in
    the status index, otherwise slow down the next run's pages (seen: /klussen/'s facets 43 -> 73 ms).
    """
    from django.db import connection

    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in (
            "assignments_assignment",
            "matching_match",
            "assignments_assignment_engagement_forms",
            "matching_savedsearchhit",
            "matching_fanoutrun",
            "assignments_assignment_expertise",
            "marketplace_notification",
            "marketplace_auditentry",
        ):
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


class EmailWorker:
    """A Celery worker in a process of its own (solo pool: the process sends), consuming the broker's
    default queue, which is purged first; ``cpu_seconds()`` reads its CPU time from /proc."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> EmailWorker:
        from marketplace.celery import app

        app.control.purge()
        command = [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool", "solo"]
        command += [
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"bench-email-{os.getpid()}@%h",
        ]
        self.process = subprocess.Popen(command, env=os.environ.copy())  # noqa: S603 - our own worker
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the email worker exited ({self.process.returncode})")
            if app.control.ping(destination=[f"bench-email-{os.getpid()}@{_hostname()}"], timeout=1):
                return self
        raise RuntimeError("the email worker did not answer within a minute")

    def cpu_seconds(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, AttributeError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _hostname() -> str:
    import socket

    return socket.gethostname()


def _pending_emails(since: Any) -> int:
    from marketplace.models import Notification

    return Notification.objects.filter(created_at__gte=since, email_status=Notification.EmailStatus.PENDING).count()


def _sent_emails(since: Any) -> int:
    from marketplace.models import Notification

    return Notification.objects.filter(created_at__gte=since, email_status=Notification.EmailStatus.SENT).count()


def _draft(poster: Any, *, title: str, hours: int, expertise: list[Any]) -> Any:
    from assignments.models import Assignment
    from assignments.services import assignment_create
    from profiles.models import EngagementForm

    data = {
        "title": f"{MARK} {title}",
        "summary": "",
        "description": "Benchmark: wordt direct weer verwijderd.",
        "field_of_work": None,
        "hours_per_week": hours,
        "remote_option": Assignment.RemoteOption.REMOTE,
        "compensation": Assignment.Compensation.PUBLIC_RATE,
        "rate": 100,
        "audience": Assignment.Audience.PUBLIC,
        "engagement_forms": list(EngagementForm.objects.all()),
        "expertise": [tag.name for tag in expertise],
    }
    assignment = assignment_create(actor=poster, data=data)
    if sorted(assignment.expertise.values_list("pk", flat=True)) != sorted(tag.pk for tag in expertise):
        assignment.expertise.set(expertise)  # a tag's name did not slugify back to it
    return assignment


def _publish(client: Any, assignment: Any) -> dict[str, Any]:
    """POST the publish view with the fan-out task held back; the request's time and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching import tasks

    with (
        mock.patch.object(tasks.assignment_fanout_task, "apply_async") as queued,
        CaptureQueriesContext(connection) as queries,
    ):
        started = time.perf_counter()
        response = client.post(f"/klussen/{assignment.code}/publiceren/")
        elapsed = time.perf_counter() - started
    assignment.refresh_from_db()
    return {
        "status": response.status_code,
        "ms": elapsed * 1000,
        "queries": len(queries.captured_queries),
        "queued": queued.call_count,
        "open": assignment.status == "open",
    }


def measure(target: int, *, email_worker: bool = False) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench import mail, personas
    from matching.models import Match
    from matching.tasks import assignment_fanout_task
    from profiles.models import Profile

    logging.getLogger("celery").setLevel(logging.WARNING)  # not a line per email batch
    result: dict[str, Any] = {"leftovers_deleted": cleanup()}
    poster = personas.cast().get("poster")
    if poster is None:
        return {**result, "error": "no poster in the data"}
    profiles = Profile.objects.count()
    chosen = design(target, poster)
    result.update(profiles=profiles, target=target, expected=chosen["expected"], hours=chosen["hours"])
    result["expertise"] = " + ".join(tag.name for tag in chosen["expertise"])
    result["with_both_tags"] = chosen["with_both_tags"]
    client = Client()
    client.force_login(poster)
    codes: list[str] = []
    try:
        twin = _draft(poster, title="nobody matches", hours=40, expertise=chosen["expertise"])
        codes.append(str(twin.code))
        assignment = _draft(
            poster,
            title=f"adviseur {chosen['expertise'][0].name}",
            hours=chosen["hours"],
            expertise=chosen["expertise"],
        )
        codes.append(str(assignment.code))
        client.get(f"/klussen/{twin.code}/")  # warm up: the first request of a process is slow
        result["publish_no_matches"] = _publish(client, twin)
        result["publish"] = _publish(client, assignment)

        counted = {"queries": 0}

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            counted["queries"] += 1
            return execute(sql, params, many, context)

        worker = EmailWorker().start() if email_worker else None
        worker_cpu = worker.cpu_seconds() if worker else None
        rss_before = _rss_kib("VmRSS")
        reset = _reset_peak_rss()
        mail.reset()
        since = timezone.now()
        started, started_cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            matches = assignment_fanout_task.apply(args=(assignment.pk,), throw=True).get()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        peak = _rss_kib("VmHWM") if reset else None
        if worker:
            # The run is over when the worker has sent every email the fan-out queued.
            deadline = time.monotonic() + 1800
            while _pending_emails(since) and time.monotonic() < deadline and worker.process.poll() is None:
                time.sleep(0.1)
            result["email_worker"] = {
                "seconds_until_last_email": time.perf_counter() - started,
                "still_pending": _pending_emails(since),
                "sent": _sent_emails(since),
                "cpu_seconds": (worker.cpu_seconds() or 0) - (worker_cpu or 0),
            }
            worker.stop()
        result["fanout"] = {
            "seconds": elapsed,
            "cpu_seconds": cpu,
            "queries": counted["queries"],
            "matches": matches,
            "stored_matches": Match.objects.filter(assignment=assignment).count(),
            "emails": result["email_worker"]["sent"] if worker else mail.sent(),
            "email_backend": settings.EMAIL_BACKEND,
            "rss_before_mib": rss_before / 1024 if rss_before else None,
            "peak_rss_mib": (peak / 1024) if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_is_lifetime": peak is None,
        }
    finally:
        client.logout()
        result["cleaned"] = cleanup(codes)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=int, default=10_000, help="How many matches to aim for (10,000).")
    parser.add_argument("--json-out", required=True)
    parser.add_argument(
        "--email-worker",
        action="store_true",
        help="Send the emails through CELERY_BROKER_URL with a Celery worker process (the fan-out stays here).",
    )
    args = parser.parse_args(argv)
    # A timeout in the parent sends SIGTERM: unwind so the clean-up in ``measure`` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    result = measure(args.target, email_worker=args.email_worker)
    Path(args.json_out).write_text(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
