"""What the placement workflow contributes to the pages of the apps below it, through their hooks.

Registered from ``PlacementsConfig.ready()``; networks and assignments never import placements.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from assignments import hooks as assignment_hooks
from assignments.models import Assignment
from assignments.network_hooks import per_month
from marketplace import hooks as marketplace_hooks
from marketplace import privacy
from networks import hooks as network_hooks
from placements import personal_data
from placements.access import get_interest_for_user, get_placement_for_user
from placements.models import Interest, Placement

if TYPE_CHECKING:
    from networks.models import Network


def reactions_per_month(network: Network, month_starts: list[date]) -> list[int]:
    shared = Assignment.objects.shared_with(network)
    return per_month(Interest.objects.filter(assignment__in=shared), "created_at", month_starts)


def placements_per_month(network: Network, month_starts: list[date]) -> list[int]:
    shared = Assignment.objects.shared_with(network)
    return per_month(Placement.objects.filter(assignment__in=shared), "created_at", month_starts)


def _placed_in(network: Network, period: Any) -> Any:
    """Placements that ran in ``period`` (running or completed) on assignments shared with ``network``."""
    return Placement.objects.filter(
        assignment__in=Assignment.objects.shared_with(network),
        status__in=[Placement.Status.RUNNING, Placement.Status.COMPLETED],
        start_date__lte=period.end,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))


def placements_lent(network: Network, organisation_ids: list[int], period: Any) -> dict[int, int]:
    """The organisation's own people placed on another organisation's assignment in the network."""
    rows = (
        _placed_in(network, period)
        .filter(professional__employment__organisation_id__in=organisation_ids)
        .exclude(assignment__organisation_id=F("professional__employment__organisation_id"))
        .order_by()
        .values("professional__employment__organisation_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["professional__employment__organisation_id"]: row["n"] for row in rows}


def placements_hosted(network: Network, organisation_ids: list[int], period: Any) -> dict[int, int]:
    """Placements of people from another organisation on the organisation's own assignments in the network."""
    rows = (
        _placed_in(network, period)
        .filter(assignment__organisation_id__in=organisation_ids)
        .exclude(professional__employment__organisation_id=F("assignment__organisation_id"))
        .order_by()
        .values("assignment__organisation_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["assignment__organisation_id"]: row["n"] for row in rows}


def _new_reactions() -> Count:
    return Count("interests", filter=Q(interests__status=Interest.Status.NEW))


# The pages the workflow emails link to, opened as the recipient would open them: an email
# about a reaction or a placement the recipient may no longer open (the audience changed, they
# left the network, the assignment was cancelled away from them) is dropped at send time.
def _open_interest(user: Any, code: Any, interest: Any) -> object:
    return get_interest_for_user(user, code, interest)


def _open_placement(user: Any, code: Any) -> object:
    return get_placement_for_user(user, code)


def _open_consent_link(user: Any, token: str) -> object:
    """The leidinggevende's link still works: unused, unexpired, and the placement is still being arranged."""
    from django.http import Http404

    from placements.services.consent import ConsentLinkError, consent_check_usable, consent_request_from_token

    try:
        consent = consent_check_usable(consent_request_from_token(token))
    except ConsentLinkError as exc:
        raise Http404 from exc
    if consent.placement.status != Placement.Status.PREPARING:
        raise Http404
    return consent


def _open_home_feedback_link(user: Any, token: str) -> object:
    """The home leidinggevende's link still works: unused, unexpired, not replaced."""
    from django.http import Http404

    from placements.services.consent import ConsentLinkError
    from placements.services.homecoming import home_feedback_from_token

    try:
        return home_feedback_from_token(token)
    except ConsentLinkError as exc:
        raise Http404 from exc


HOME_FEEDBACK_OPENERS: dict[str, Callable[..., Any]] = {
    "placements:home-feedback-link": _open_home_feedback_link,
    "placements-en:home-feedback-link": _open_home_feedback_link,
}

CONSENT_OPENERS: dict[str, Callable[..., Any]] = {
    "placements:consent-link": _open_consent_link,
    "placements-en:consent-link": _open_consent_link,
}

WORKFLOW_OPENERS: dict[str, Callable[..., Any]] = {
    f"{ns}:{name}": opener
    for ns in ("placements", "placements-en")
    for name, opener in (
        ("interest-detail", _open_interest),
        ("placement-detail", _open_placement),
    )
}
WORKFLOW_KINDS = ("assignments.interest.", "assignments.introduction.", "assignments.placement.")


def register() -> None:
    privacy.register(personal_data.PART)
    workflow_check = marketplace_hooks.link_email_check(WORKFLOW_OPENERS)
    for kind_prefix in WORKFLOW_KINDS:
        marketplace_hooks.register_email_check(kind_prefix, workflow_check)
    marketplace_hooks.register_email_check(
        "placements.consent-request", marketplace_hooks.link_email_check(CONSENT_OPENERS)
    )
    marketplace_hooks.register_email_check(
        "placements.home-feedback", marketplace_hooks.link_email_check(HOME_FEEDBACK_OPENERS)
    )
    network_hooks.register_workspace_link("placements:network-homecoming", _("What placements brought home"))
    network_hooks.register_give_and_take("lent", _("placements lent"), placements_lent)
    network_hooks.register_give_and_take("hosted", _("placements hosted"), placements_hosted)
    network_hooks.register_monthly_series("reactions", _("Reactions"), reactions_per_month)
    network_hooks.register_monthly_series("placements", _("Placements"), placements_per_month)
    assignment_hooks.register_mine_annotation("new_reaction_count", _new_reactions)
