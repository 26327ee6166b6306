"""Reads on networks, by area; ``from networks.selectors import x`` names them all."""

from __future__ import annotations

from networks.selectors.charts import (
    CHART_HEIGHT,
    CHART_MONTHS,
    CHART_WIDTH,
    Chart,
    ChartBar,
    members_over_time,
    network_charts,
)
from networks.selectors.pages import (
    membership_of,
    memberships_in_order,
    network_history,
    network_invitations,
    network_memberships,
    network_memberships_by_name,
    network_partnerships,
    network_queue,
    networks_with_counts,
    participating_organisations,
)
from networks.selectors.viewer import (
    ANONYMOUS,
    NO_ORGANISATION,
    NetworkPrincipal,
    Viewer,
    forget_viewer,
    in_any_network_q,
    may_join_on_own,
    network_viewer,
    viewer_for,
)

__all__ = [
    "ANONYMOUS",
    "CHART_HEIGHT",
    "CHART_MONTHS",
    "CHART_WIDTH",
    "NO_ORGANISATION",
    "Chart",
    "ChartBar",
    "NetworkPrincipal",
    "Viewer",
    "forget_viewer",
    "in_any_network_q",
    "may_join_on_own",
    "members_over_time",
    "membership_of",
    "memberships_in_order",
    "network_charts",
    "network_history",
    "network_invitations",
    "network_memberships",
    "network_memberships_by_name",
    "network_partnerships",
    "network_queue",
    "network_viewer",
    "networks_with_counts",
    "participating_organisations",
    "viewer_for",
]
