"""What assignments contribute to the networks app's pages, through networks.hooks.

Registered from ``AssignmentsConfig.ready()``; networks never imports assignments.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment
from assignments.selectors import in_network_q
from networks import hooks

if TYPE_CHECKING:
    from django.http import HttpRequest

    from networks.models import Network

PANEL_SIZE = 10


def network_assignments_panel(request: HttpRequest, network: Network) -> str:
    """The network's open assignments that the visitor may see (public ones for anonymous visitors)."""
    assignments = (
        Assignment.objects.visible_to(request.user)
        .open()
        .filter(in_network_q(network))
        .select_related("organisation")
        .order_by("-published_at", "pk")[:PANEL_SIZE]
    )
    return render_to_string(
        "assignments/fragment_network_panel.html", {"assignments": assignments, "network": network}, request=request
    )


def assignments_per_organisation(network: Network, organisation_ids: list[int], period: Any) -> dict[int, int]:
    """Assignments each participating organisation published in ``period`` and shares with the network."""
    rows = (
        Assignment.objects.shared_with(network)
        .filter(organisation_id__in=organisation_ids, status__in=Assignment.PUBLISHED)
        .filter(published_at__date__gte=period.start, published_at__date__lte=period.end)
        .values("organisation_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def per_month(queryset, field: str, month_starts: list[date]) -> list[int]:
    if not month_starts:
        return []
    rows = (
        queryset.filter(**{f"{field}__date__gte": month_starts[0]})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {(row["month"].year, row["month"].month): row["n"] for row in rows if row["month"]}
    return [counts.get((m.year, m.month), 0) for m in month_starts]


def assignments_per_month(network: Network, month_starts: list[date]) -> list[int]:
    return per_month(Assignment.objects.shared_with(network), "published_at", month_starts)


def register() -> None:
    hooks.register_network_panel(network_assignments_panel)
    hooks.register_give_and_take(
        "assignments",
        _("assignments posted"),
        assignments_per_organisation,
        agreement=True,
        missing=_("an assignment posted in the network"),
    )
    hooks.register_monthly_series("assignments", _("Assignments published"), assignments_per_month)
