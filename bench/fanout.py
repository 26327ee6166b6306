"""Benchmark (not a test): publish one assignment against N generated profiles and fan it out.

Reports the time to complete the fan-out, the number of matches, the queries and the peak
Python memory (tracemalloc). Runs in a throw-away test database (``test_<NAME>``), with the
locmem email backend and eager tasks, so nothing leaves the machine:

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
import sys
import time
import tracemalloc
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10000)
    parser.add_argument("--match-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        assignment, _ = generate(args.profiles, args.match_share)
        print(f"generated {args.profiles} profiles in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
        from unittest import mock

        from django.core import mail

        from assignments import tasks
        from assignments.models import Match
        from assignments.services.alerts import assignment_fanout
        from assignments.services.status import assignment_transition
        from assignments.tasks import schedule_fanout

        # The request side only queues the task; stand in for the broker to count its queries.
        with (
            mock.patch.object(tasks.assignment_fanout_task, "apply_async") as queued,
            CaptureQueriesContext(connection) as publish_queries,
        ):
            assignment_transition(assignment=assignment, to="open", actor=None)
            schedule_fanout(assignment)
        assert queued.call_count == 1
        tracemalloc.start()
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            run = assignment_fanout(assignment_id=assignment.pk, batch_size=args.batch_size)
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"publish (request side): {len(publish_queries.captured_queries)} queries")
        print(f"fan-out: {elapsed:.2f} s, {run.matches} matches ({Match.objects.count()} stored)")
        print(f"fan-out: {len(queries.captured_queries)} queries, peak Python memory {peak / 2**20:.1f} MiB")
        print(f"emails sent (locmem, eager batches of 50 over one connection each): {len(mail.outbox)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
