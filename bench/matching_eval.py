"""Evaluation (not a test): how relevant are matches, alerts and recommendations on generated data.

The scale generator (``bench/scale.py``) draws every profile and assignment around latent topics
and a field of work and records them (``latent_rows``). A profile is *relevant* for an
assignment when they share a latent topic. For every open assignment and every profile that
passes the hard conditions (eligible: open, visible, hours, period, engagement form) this
measures, against that relevance:

- alert precision and recall: who gets an instant alert (``MatchResult.alerts``);
- match precision and recall: who gets a stored match (``MatchResult.is_match``);
- precision@10 of the recommendations (``recommendations_for_profile``) of open profiles;
- the score distribution of relevant and not relevant eligible pairs.

Runs in a throw-away PostgreSQL test database (``test_<NAME>``) and writes the table to
``bench/results/matching_eval.md``:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kl_eval python bench/matching_eval.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"alert precision": 0.9, "alert recall": 0.7, "precision@10": 0.8}


def ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def features(profile, facts) -> list[float]:
    """The strengths of the content signals and the refinement of one pair (for calibration)."""
    from matching import scoring as s

    parts = [s._expertise_part, s._text_part, s._field_part, s._qualities_part]
    refine = [s._region_part, s._hours_part, s._networks_part]
    strengths = [part(profile, facts)[1] for part in parts]
    return [*strengths, sum(s.REFINE_WEIGHTS[p(profile, facts)[0]] * p(profile, facts)[1] for p in refine)]


def evaluate(*, profiles: int, assignments: int, seed: int, sample: int, dump: list | None = None) -> dict:
    from assignments.models import Assignment
    from bench import scale
    from matching import candidates
    from matching.facts import assignment_facts, profile_facts_for
    from matching.scoring import score
    from profiles.models import Profile

    anchor = dt.date.today()
    ctx = scale.generate(
        profiles=profiles, assignments=assignments, seed=seed, anchor=anchor, progress=scale.Progress(quiet=True)
    )
    people, postings = scale.latent_rows(ctx)
    counts = Counter()
    relevant_scores, other_scores = [], []
    open_items = list(Assignment.objects.open().select_related("organisation").order_by("pk"))
    for item in open_items:
        facts = assignment_facts(item)
        wanted = postings[item.pk].topics
        ids = list(candidates.eligible_profiles(item, today=anchor).values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            loaded = profile_facts_for(ids[start : start + 500], facts)
            for pk, profile in loaded.items():
                result = score(profile, facts, today=anchor)
                relevant = bool(people[pk].topics & wanted)
                (relevant_scores if relevant else other_scores).append(result.score)
                if dump is not None and result.eligible:
                    dump.append([relevant, *features(profile, facts)])
                counts["pairs"] += 1
                counts["relevant"] += relevant
                counts["alerted"] += result.alerts
                counts["alerted relevant"] += result.alerts and relevant
                counts["matched"] += result.is_match
                counts["matched relevant"] += result.is_match and relevant
    rng = random.Random(seed)
    open_profiles = list(
        Profile.objects.filter(open_to_assignments=True, hours_per_week__isnull=False, is_hidden=False)
        .select_related("user")
        .order_by("pk")
    )
    at10, lists = [], 0
    for profile in rng.sample(open_profiles, min(sample, len(open_profiles))):
        found = candidates.recommendations_for_profile(profile.user, profile, limit=10, today=anchor)
        if not found:
            continue
        lists += 1
        hits = sum(bool(people[profile.pk].topics & postings[r.assignment.pk].topics) for r in found)
        at10.append(hits / len(found))
    return {
        "counts": counts,
        "open assignments": len(open_items),
        "alert precision": ratio(counts["alerted relevant"], counts["alerted"]),
        "alert recall": ratio(counts["alerted relevant"], counts["relevant"]),
        "match precision": ratio(counts["matched relevant"], counts["matched"]),
        "match recall": ratio(counts["matched relevant"], counts["relevant"]),
        "precision@10": sum(at10) / len(at10) if at10 else float("nan"),
        "recommendation lists": lists,
        "relevant scores": relevant_scores,
        "other scores": other_scores,
    }


def histogram(scores: list[int]) -> list[int]:
    bins = [0] * 10
    for value in scores:
        bins[min(value // 10, 9)] += 1
    return bins


def table(result: dict, *, profiles: int, assignments: int, seed: int, seconds: float) -> str:
    c = result["counts"]
    lines = [
        f"# Matching evaluation ({dt.date.today()}, seed {seed})",
        "",
        f"Generated: {profiles:,} profiles, {assignments:,} assignments ({result['open assignments']:,} open);"
        f" {c['pairs']:,} eligible pairs, {c['relevant']:,} relevant (a shared latent topic); {seconds:.0f} s.",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
    ]
    for name in ("alert precision", "alert recall", "precision@10", "match precision", "match recall"):
        target = f"≥ {TARGETS[name]}" if name in TARGETS else "–"
        lines.append(f"| {name} | {result[name]:.3f} | {target} |")
    lines += [
        f"| instant alerts / stored matches | {c['alerted']:,} / {c['matched']:,} | – |",
        f"| recommendation lists measured | {result['recommendation lists']} | – |",
        "",
        "Score distribution of eligible pairs (count per band of 10):",
        "",
        "| score | " + " | ".join(f"{10 * i}–{10 * i + 9}" for i in range(10)) + " |",
        "| --- |" + " --- |" * 10,
        "| relevant | " + " | ".join(str(n) for n in histogram(result["relevant scores"])) + " |",
        "| not relevant | " + " | ".join(str(n) for n in histogram(result["other scores"])) + " |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=3000)
    parser.add_argument("--assignments", type=int, default=400)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sample", type=int, default=300, help="profiles whose recommendations are measured")
    parser.add_argument("--dump", metavar="FILE", help="write each eligible pair's signals as JSON (for calibration)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The evaluation needs PostgreSQL: set DATABASE_URL (the scale generator refuses SQLite).")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        dump: list | None = [] if args.dump else None
        result = evaluate(
            profiles=args.profiles, assignments=args.assignments, seed=args.seed, sample=args.sample, dump=dump
        )
        if args.dump:
            Path(args.dump).write_text(json.dumps(dump))
        text = table(
            result,
            profiles=args.profiles,
            assignments=args.assignments,
            seed=args.seed,
            seconds=time.perf_counter() - t0,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "matching_eval.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
