"""The coordinator's charts: give and take between organisations, members and other series by month."""

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
from networks.models import Employment, Membership, Network, Organisation
from networks.selectors.pages import participating_organisations
from networks.selectors.viewer import in_any_network_q


@dataclass(frozen=True)
class GiveAndTakeRow:
    organisation: Organisation
    members: int
    extra: tuple[int, ...]

    @property
    def gives(self) -> bool:
        return self.members > 0 and all(n > 0 for n in self.extra)


def give_and_take(network: Network) -> tuple[list[str], list[GiveAndTakeRow]]:
    """Per participating organisation: its active members in the network, and whatever later apps count.

    Members are the organisation's employees who are in the network now (explicitly or through
    the employer). Columns for assignments are registered by the assignments app through
    ``networks.hooks.register_give_and_take`` (the networks app may not import it).
    """
    organisations = list(participating_organisations(network))
    ids = [o.pk for o in organisations]
    members = dict(
        Employment.objects.filter(organisation_id__in=ids)
        .filter(in_any_network_q("user", {network.pk}))
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    columns = hooks.give_and_take_columns()
    extra = [column.counter(network, ids) for column in columns]
    rows = [
        GiveAndTakeRow(organisation=o, members=members.get(o.pk, 0), extra=tuple(c.get(o.pk, 0) for c in extra))
        for o in organisations
    ]
    return [str(column.label) for column in columns], rows


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
