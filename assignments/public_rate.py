"""An assignment offered as ZPP in a network with a public rate uses that rate (``networks.agreement.rates``).

The rule itself (which rates are valid, the words of the refusal) is the network's; this module
says when it applies to an assignment: offered as ZPP (one of its engagement forms), meant for
networks, in a network that has a rate valid on the assignment's start (today when it has none).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.models import Assignment
from networks.agreement.models import PublicRate
from networks.agreement.rates import public_rate_error, rates_valid_on
from profiles.models import EngagementForm


def _offered_as_zpp(engagement_forms: Iterable[Any]) -> bool:
    return any(getattr(form, "code", None) == EngagementForm.Code.ZPP for form in engagement_forms)


def _start(assignment: Assignment) -> datetime.date:
    return assignment.start_date or timezone.localdate()


def assignment_check_public_rate(
    assignment: Assignment, *, network_ids: Iterable[int], engagement_forms: Iterable[Any]
) -> None:
    """Refuse (on the ``rate`` field) a ZPP assignment whose rate is not its networks' public rate."""
    ids = list(network_ids)
    if assignment.audience != Assignment.Audience.NETWORKS or not ids or not _offered_as_zpp(engagement_forms):
        return
    error = public_rate_error(ids, assignment.rate, _start(assignment))
    if error:
        raise ValidationError({"rate": error})


def public_rates_of(
    assignment: Assignment, networks: Iterable[Any], engagement_forms: Iterable[Any]
) -> list[PublicRate]:
    """The public rate lines that apply to ``assignment`` (for its page), given its loaded relations."""
    ids = [network.pk for network in networks]
    if assignment.audience != Assignment.Audience.NETWORKS or not _offered_as_zpp(engagement_forms):
        return []
    return rates_valid_on(ids, _start(assignment))


def placement_check_public_rate(
    assignment: Assignment, *, engagement_form: Any, rate: Any, start_date: datetime.date
) -> None:
    """Refuse (on ``rate``) ZPP terms whose rate is not the public rate of the assignment's networks."""
    if assignment.audience != Assignment.Audience.NETWORKS or not _offered_as_zpp([engagement_form]):
        return
    ids = list(assignment.networks.values_list("pk", flat=True))
    error = public_rate_error(ids, rate, start_date) if ids else None
    if error:
        raise ValidationError({"rate": error})
