"""Partnerships between networks: proposed by one network's coordinator, decided by the other's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import User
from marketplace.services import audit_log
from networks.models import (
    Network,
    Partnership,
)
from networks.selectors import forget_viewer
from networks.services.memberships import _tell_coordinators


@transaction.atomic
def partnership_propose(*, proposer: Network, partner: Network, actor: User) -> Partnership:
    if proposer.pk == partner.pk:
        raise ValidationError({"partner": _("A network cannot partner with itself.")})
    existing = Partnership.objects.filter(proposer__in=[proposer, partner], partner__in=[proposer, partner]).exclude(
        status__in=[Partnership.Status.DECLINED, Partnership.Status.ENDED]
    )
    if existing.exists():
        raise ValidationError({"partner": _("These networks are already linked or a proposal is waiting.")})
    partnership, _created = Partnership.objects.update_or_create(
        proposer=proposer,
        partner=partner,
        defaults={"status": Partnership.Status.PROPOSED, "proposed_by": actor, "decided_by": None, "decided_at": None},
    )
    # A declined proposal the other way round stays as it was: history, not a live link.
    audit_log(
        actor=actor,
        action="networks.partnership.proposed",
        target=partnership,
        to_state=partnership.status,
        data={"proposer": proposer.slug, "partner": partner.slug},
    )
    context = {"proposer": proposer, "partnership": partnership}
    _tell_coordinators(partner, "partnership-proposed", context=context, page="partnerships")
    return partnership


@transaction.atomic
def partnership_decide(*, partnership: Partnership, actor: User, accept: bool) -> Partnership:
    if partnership.status != Partnership.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    previous = partnership.status
    partnership.status = Partnership.Status.ACCEPTED if accept else Partnership.Status.DECLINED
    partnership.decided_by = actor
    partnership.decided_at = timezone.now()
    partnership.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_log(
        actor=actor,
        action=f"networks.partnership.{partnership.status}",
        target=partnership,
        from_state=previous,
        to_state=partnership.status,
        data={"proposer": partnership.proposer.slug, "partner": partnership.partner.slug},
    )
    context = {"partner": partnership.partner, "partnership": partnership}
    _tell_coordinators(partnership.proposer, "partnership-decided", context=context, page="partnerships")
    forget_viewer(actor)
    return partnership
