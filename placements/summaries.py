"""The anonymised summary of what placements brought home, per organisation and per network.

What the HR contact of an organisation and the coordinator of a network see of the learning
records and the home leidinggevenden's answers: counts and themes, never names or free text.

Three rules keep a single person from being recognised:

* a group (one period, one organisation or network, one kind of answer) is shown only when it
  holds at least ``MIN_GROUP`` answers; below that the page says "fewer than five" and nothing
  else. Five is the usual floor for published statistics about people (the k = 5 of
  k-anonymity, CBS's and many HR tools' minimum cell size): with fewer, an HR contact who knows
  who was away can tie an answer to a colleague;
* periods are calendar half-years, shown only once they have ended, and an answer counts in the
  period in which it was given. A closed period never changes, so two views cannot be subtracted
  to single out the one answer that arrived in between; and there is one granularity only, so a
  year cannot be subtracted from its quarters either;
* answers are given once (the learning record and the leidinggevende's answer cannot be edited).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Network, Organisation
from placements.learning import Again, HomeFeedbackRequest, LearningRecord, TeamEffect, Theme

MIN_GROUP = 5
PERIODS_SHOWN = 6  # three years of half-years


@dataclass(frozen=True)
class Period:
    year: int
    half: int  # 1: January to June, 2: July to December

    @property
    def key(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1 if self.half == 1 else 7, 1))

    @property
    def end(self) -> datetime.datetime:
        return Period(self.year, 2).start if self.half == 1 else Period(self.year + 1, 1).start

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("first half of %(year)d") % {"year": self.year}
        return _("second half of %(year)d") % {"year": self.year}

    def previous(self) -> Period:
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)


def closed_periods(today: datetime.date | None = None) -> list[Period]:
    """The last ``PERIODS_SHOWN`` half-years that have ended, newest first."""
    today = today or timezone.localdate()
    period = Period(today.year, 1 if today.month <= 6 else 2).previous()
    periods = []
    for _i in range(PERIODS_SHOWN):
        periods.append(period)
        period = period.previous()
    return periods


def period_from(key: str | None, periods: list[Period]) -> Period:
    """The closed period ``key`` names (``2026-1``), or the latest closed one."""
    return next((p for p in periods if p.key == key), periods[0])


@dataclass
class Block:
    """One kind of answer in one period: its count, and its distributions when the group is large enough."""

    count: int
    rows: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.count >= MIN_GROUP


@dataclass
class PeriodSummary:
    period: Period
    learning: Block
    feedback: Block


def _distribution(values: Iterable[str], choices: Any) -> list[tuple[str, int]]:
    counts = Counter(values)
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def _learning_block(rows: list[dict[str, Any]]) -> Block:
    block = Block(count=len(rows))
    if block.shown:
        block.rows = [
            (_("Themes"), _distribution((t for r in rows for t in r["themes"]), Theme.choices)),
            (_("Would do it again"), _distribution((r["again"] for r in rows), Again.choices)),
        ]
    return block


def _feedback_block(rows: list[dict[str, Any]]) -> Block:
    block = Block(count=len(rows))
    if block.shown:
        block.rows = [
            (_("Effect on the team"), _distribution((r["effect"] for r in rows), TeamEffect.choices)),
            (_("What the team gained"), _distribution((t for r in rows for t in r["themes"]), Theme.choices)),
            (_("Would support it again"), _distribution((r["support_again"] for r in rows), Again.choices)),
        ]
    return block


def _summaries(learning_scope: Q, feedback_scope: Q, periods: list[Period]) -> list[PeriodSummary]:
    """Two queries: the answers of ``periods`` (values only, no names or text), grouped in Python."""
    first, last = periods[-1].start, periods[0].end
    learning: list[Any] = list(
        LearningRecord.objects.filter(learning_scope, created_at__gte=first, created_at__lt=last)
        .values("created_at", "themes", "again")
        .order_by()
    )
    feedback: list[Any] = list(
        HomeFeedbackRequest.objects.filter(
            feedback_scope,
            status=HomeFeedbackRequest.Status.ANSWERED,
            answered_at__gte=first,
            answered_at__lt=last,
        )
        .values("answered_at", "effect", "themes", "support_again")
        .order_by()
    )
    return [
        PeriodSummary(
            period=p,
            learning=_learning_block([r for r in learning if p.start <= r["created_at"] < p.end]),
            feedback=_feedback_block([r for r in feedback if p.start <= r["answered_at"] < p.end]),
        )
        for p in periods
    ]


def organisation_summaries(organisation: Organisation, periods: list[Period]) -> list[PeriodSummary]:
    """Answers of the organisation's own people (their employer when they answered)."""
    scope = Q(organisation=organisation)
    return _summaries(scope, scope, periods)


def network_summaries(network: Network, periods: list[Period]) -> list[PeriodSummary]:
    """Answers about placements on assignments shared in ``network``."""
    return _summaries(Q(placement__assignment__networks=network), Q(placement__assignment__networks=network), periods)
