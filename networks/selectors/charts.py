"""The coordinator's charts: members and other series by month (the ledger is networks.agreement.ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from networks import hooks
from networks.models import Membership, Network

# The give-and-take ledger is in networks.agreement.ledger.


# --- members over time -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    month: date
    value: int
    x: int
    y: int
    height: int


CHART_WIDTH = 480
CHART_HEIGHT = 200
CHART_MONTHS = 12


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _bars(starts: list[date], values: list[int]) -> list[ChartBar]:
    top = max(values, default=0) or 1
    slot = CHART_WIDTH // len(starts)
    bars = []
    for i, (start, value) in enumerate(zip(starts, values, strict=True)):
        height = round(value / top * (CHART_HEIGHT - 20))
        bars.append(ChartBar(month=start, value=value, x=i * slot + 4, y=CHART_HEIGHT - height, height=height))
    return bars


@dataclass(frozen=True)
class Chart:
    key: str
    label: str
    bars: list[ChartBar]
    # The heading of the table's value column: what one bar counts.
    column: str = ""


def members_over_time(network: Network, *, months: int = CHART_MONTHS) -> list[ChartBar]:
    """Active explicit members at the end of each of the last ``months`` months, as chart bars.

    A member counts from the moment they were admitted (or joined) onwards; one grouped query.
    """
    starts = _month_starts(timezone.localdate(), months)
    joined = (
        Membership.objects.filter(network=network, status=Membership.Status.ACTIVE)
        .annotate(month=TruncMonth(Coalesce("decided_at", "created_at")))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    per_month: dict[date, int] = {}
    before = 0
    for row in joined:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        month = month.replace(day=1)
        if month < starts[0]:
            before += row["n"]
        else:
            per_month[month] = per_month.get(month, 0) + row["n"]
    values = []
    running = before
    for start in starts:
        running += per_month.get(start, 0)
        values.append(running)
    return _bars(starts, values)


def network_charts(network: Network, *, months: int = CHART_MONTHS) -> list[Chart]:
    """The coordinator's charts: members over time, then any monthly series later apps register."""
    starts = _month_starts(timezone.localdate(), months)
    charts = [
        Chart(
            "members",
            gettext("Active members at the end of each month"),
            members_over_time(network),
            column=gettext("Active members"),
        )
    ]
    for series in hooks.monthly_series():
        bars = _bars(starts, list(series.counter(network, starts)))
        charts.append(Chart(series.key, str(series.label), bars, column=str(series.label)))
    return charts
