"""The public rate ("publiek tarief") of a network: reading it, keeping it, and holding work to it.

ZPP Brabant's professionals work "als zelfstandige tegen een publiek tarief": the rate is the
network's, the same for every organisation, and public. So an assignment offered as ZPP in a
network with a public rate, and the terms of a ZPP placement on it, must use one of the rates valid
on its start; a different rate is refused with the valid ones named (``public_rate_error``), not
negotiated with an explanation: a rate agreed between two parties is no longer the public one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from marketplace.models import User
from marketplace.services import audit_log
from networks.agreement.models import PublicRate
from networks.models import Network


def valid_on_q(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def network_rates(network: Network) -> QuerySet[PublicRate]:
    """Every line of the network's rate table, current and past, by level then newest first."""
    return network.public_rates.order_by("level", "-valid_from", "pk")


def rates_valid_on(network_ids: Iterable[int], on: datetime.date) -> list[PublicRate]:
    """The rate lines valid on ``on`` of these networks (one query), with their network."""
    ids = sorted(set(network_ids))
    if not ids:
        return []
    return list(
        PublicRate.objects.filter(valid_on_q(on), network_id__in=ids)
        .select_related("network")
        .order_by("network__name", "level", "hourly_rate")
    )


def describe_rate(rate: PublicRate) -> str:
    amount = number_format(rate.hourly_rate, 2, force_grouping=True)
    if rate.level:
        return _("€ %(amount)s an hour (%(level)s)") % {"amount": amount, "level": rate.level}
    return _("€ %(amount)s an hour") % {"amount": amount}


def public_rate_error(network_ids: Iterable[int], rate: Decimal | None, on: datetime.date) -> str | None:
    """Why ``rate`` is not a public rate of these networks on ``on``; None when it is (or none is set)."""
    lines = rates_valid_on(network_ids, on)
    by_network: dict[Network, list[PublicRate]] = {}
    for line in lines:
        by_network.setdefault(line.network, []).append(line)
    for network, rates in by_network.items():
        if rate is not None and any(line.hourly_rate == rate for line in rates):
            continue
        named = ", ".join(describe_rate(line) for line in rates)
        return _(
            "%(network)s works at a public rate for self-employed professionals (ZPP): %(rates)s. "
            "Use that rate; a different rate is not accepted."
        ) % {"network": network.name, "rates": named}
    return None


@transaction.atomic
def public_rate_add(
    *,
    network: Network,
    actor: User,
    level: str,
    hourly_rate: Decimal,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
) -> PublicRate:
    """Add a line to the rate table; a line for the same level may not overlap another one's period."""
    rate = PublicRate(
        network=network,
        level=level.strip(),
        hourly_rate=hourly_rate,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    rate.full_clean()
    overlapping = network.public_rates.select_for_update().filter(level__iexact=rate.level)
    overlapping = overlapping.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    if valid_until is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_until)
    if overlapping.exists():
        raise ValidationError(
            {"valid_from": _("This level already has a rate in this period. End that one first, or remove it.")}
        )
    rate.save()
    audit_log(
        actor=actor,
        action="networks.rate.added",
        target=network,
        note=f"{rate.level or '-'}: {rate.hourly_rate}",
        data={"level": rate.level, "rate": str(rate.hourly_rate), "from": valid_from.isoformat()},
    )
    return rate


@transaction.atomic
def public_rate_remove(*, rate: PublicRate, actor: User) -> None:
    """Remove a line of the rate table (assignments and placements keep the rate they agreed)."""
    audit_log(
        actor=actor,
        action="networks.rate.removed",
        target=rate.network,
        note=f"{rate.level or '-'}: {rate.hourly_rate}",
    )
    rate.delete()
