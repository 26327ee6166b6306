"""What profiles contribute to the networks app's pages, through networks.hooks.

Registered from ``ProfilesConfig.ready()``; networks never imports profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from networks import hooks
from networks.selectors import in_any_network_q
from profiles.models import Profile

if TYPE_CHECKING:
    from networks.models import Network


def available_in_period_q(period: Any) -> Q:
    """Open to assignments (or to a short format), shown, and available for some of ``period``."""
    open_to_formats = Exists(Profile.work_formats.through.objects.filter(profile_id=OuterRef("pk")))
    return (
        (Q(open_to_assignments=True) | Q(open_to_formats))
        & Q(is_hidden=False, user__is_active=True)
        & (Q(available_from__isnull=True) | Q(available_from__lte=period.end))
        & (Q(available_until__isnull=True) | Q(available_until__gte=period.start))
    )


def professionals_per_organisation(network: Network, organisation_ids: list[int], period: Any) -> dict[int, int]:
    """Members of the network, per employer, whose profile makes them available in ``period``.

    A number per organisation, nothing personal: the public network page shows it too.
    """
    rows = (
        Profile.objects.filter(user__employment__organisation_id__in=organisation_ids)
        .filter(in_any_network_q("user", {network.pk}))
        .filter(available_in_period_q(period))
        .order_by()
        .values("user__employment__organisation_id")
        .annotate(n=Count("pk"))
    )
    return {row["user__employment__organisation_id"]: row["n"] for row in rows}


def register() -> None:
    hooks.register_give_and_take(
        "professionals",
        _("professionals available"),
        professionals_per_organisation,
        agreement=True,
        missing=_("a professional made available"),
    )
