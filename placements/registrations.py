"""What the placement workflow contributes to the pages of the apps below it, through their hooks.

Registered from ``PlacementsConfig.ready()``; networks and assignments never import placements.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assignments import hooks as assignment_hooks
from assignments.models import Assignment
from assignments.network_hooks import per_month
from networks import hooks as network_hooks
from placements.models import Interest, Placement

if TYPE_CHECKING:
    from networks.models import Network


def reactions_per_month(network: Network, month_starts: list[date]) -> list[int]:
    shared = Assignment.objects.shared_with(network)
    return per_month(Interest.objects.filter(assignment__in=shared), "created_at", month_starts)


def placements_per_month(network: Network, month_starts: list[date]) -> list[int]:
    shared = Assignment.objects.shared_with(network)
    return per_month(Placement.objects.filter(assignment__in=shared), "created_at", month_starts)


def _new_reactions() -> Count:
    return Count("interests", filter=Q(interests__status=Interest.Status.NEW))


def register() -> None:
    network_hooks.register_monthly_series("reactions", _("Reactions"), reactions_per_month)
    network_hooks.register_monthly_series("placements", _("Placements"), placements_per_month)
    assignment_hooks.register_mine_annotation("new_reaction_count", _new_reactions)
