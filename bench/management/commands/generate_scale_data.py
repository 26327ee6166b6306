from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import scale


def _step_names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise ValueError("no step names")
    return names


class Command(BaseCommand):
    help = (
        "Fill PostgreSQL with realistic, fictional scale data (profiles, memberships, assignments, "
        "reactions down the workflow, matches, saved searches) on the real organisations. "
        "Deterministic with --seed; refuses on SQLite. --only runs some steps on data generated earlier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profiles", type=int, default=20_000)
        parser.add_argument("--assignments", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--anchor-date",
            type=dt.date.fromisoformat,
            default=None,
            help="The 'today' that dates are relative to (default: today); fix it for identical data.",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete previously generated rows first (with --only: only the rows of those steps).",
        )
        parser.add_argument(
            "--only",
            type=_step_names,
            default=None,
            metavar="STEP[,STEP]",
            help=(
                f"Run only these steps ({', '.join(scale.REACTION_STEPS)}) on a database that already holds "
                "generated people and assignments, reading what they need from it; a step whose rows exist "
                "is skipped (with --clear: replaced). --profiles and --assignments are ignored."
            ),
        )
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = scale.Progress(self.stderr, quiet=options["quiet"])
        started = time.perf_counter()
        try:
            scale.check_database()
            if options["only"]:
                done = scale.generate_only(
                    options["only"],
                    seed=options["seed"],
                    anchor=options["anchor_date"],
                    replace=options["clear"],
                    progress=progress,
                )
                summary = ", ".join(f"{name} {what}" for name, what in done.items())
                self.stdout.write(f"{summary} in {time.perf_counter() - started:.1f} s.")
                return
            if options["clear"]:
                scale.clear(progress)
            scale.generate(
                profiles=options["profiles"],
                assignments=options["assignments"],
                seed=options["seed"],
                anchor=options["anchor_date"],
                progress=progress,
            )
        except scale.ScaleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Generated {options['profiles']:,} profiles and {options['assignments']:,} assignments "
            f"in {time.perf_counter() - started:.1f} s."
        )
