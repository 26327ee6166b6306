"""Memberships: joining and leaving, and the coordinators' decisions on members."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from marketplace.models import User
from marketplace.services import audit_log, notify
from networks.models import (
    Membership,
    Network,
)
from networks.selectors import forget_viewer, may_join_on_own, viewer_for
from networks.services.employment import _verified_emails


def _network_url(network: Network) -> str:
    return reverse("networks:detail", kwargs={"slug": network.slug})


def _coordinators(network: Network) -> list[User]:
    return list(
        User.objects.filter(
            memberships__network=network,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        )
    )


def _tell_member(membership: Membership, kind: str, **context: object) -> None:
    notify(
        recipient=membership.user,
        kind=f"networks.{kind}",
        template=f"networks-{kind}",
        context={"network": membership.network, "membership": membership, **context},
        url=_network_url(membership.network),
    )


def _tell_coordinators(network: Network, kind: str, *, context: Mapping[str, object], page: str) -> None:
    """Notify every coordinator of ``network`` (``networks.<kind>``), pointing at its ``page``."""
    for coordinator in _coordinators(network):
        notify(
            recipient=coordinator,
            kind=f"networks.{kind}",
            template=f"networks-{kind}",
            context={"network": network, **context},
            url=reverse(f"networks:{page}", kwargs={"slug": network.slug}),
        )


def _record(membership: Membership, *, actor: User, action: str, from_state: str, note: str = "") -> None:
    audit_log(
        actor=actor,
        action=f"networks.membership.{action}",
        target=membership,
        from_state=from_state,
        to_state=membership.status,
        note=note,
        data={"network": membership.network.slug, "role": membership.role},
    )
    forget_viewer(membership.user)


def _decide(membership: Membership, *, status: str, actor: User, reason: str = "") -> str:
    previous = membership.status
    membership.status = status
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.reason = reason
    membership.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    return previous


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the person will see it.")})
    return reason


NO_EMPLOYER_MESSAGE = _lazy(
    "Only civil servants may join a network: confirm an address on your employer's government domain first."
)


@transaction.atomic
def membership_join(*, network: Network, user: User, motivation: str = "") -> Membership:
    """Ask to join ``network`` by its policy: open admits at once, approval waits for a coordinator.

    Invitation-only networks take no requests. Someone invited joins by accepting.
    """
    membership = Membership.objects.select_for_update().filter(network=network, user=user).first()
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        raise ValidationError(_("You are already a member of this network."))
    if membership is not None and membership.status == Membership.Status.SUSPENDED:
        raise ValidationError(_("Your membership of this network is suspended."))
    if membership is not None and membership.status == Membership.Status.PENDING:
        raise ValidationError(_("Your request is already waiting for a coordinator."))
    invited = membership is not None and membership.status == Membership.Status.INVITED
    if network.join_policy == Network.JoinPolicy.INVITATION and not invited:
        raise ValidationError(_("This network admits members by invitation only."))
    if not invited and not may_join_on_own(user):
        raise ValidationError(NO_EMPLOYER_MESSAGE)
    if membership is None:
        membership = Membership(network=network, user=user)
    previous = membership.status if membership.pk else ""
    membership.role = Membership.Role.MEMBER
    membership.motivation = motivation.strip()
    membership.reason = ""
    if network.join_policy == Network.JoinPolicy.APPROVAL and not invited:
        membership.status = Membership.Status.PENDING
        membership.decided_by = None
        membership.decided_at = None
        membership.save()
        _record(membership, actor=user, action="requested", from_state=previous)
        context = {"membership": membership, "applicant": user}
        _tell_coordinators(network, "request-received", context=context, page="queue")
        return membership
    membership.status = Membership.Status.ACTIVE
    membership.decided_by = user
    membership.decided_at = timezone.now()
    membership.save()
    if invited:
        # Accepted from the network page: the emailed link has done its work too.
        network.invitations.usable().filter(email__in=_verified_emails(user)).update(
            used_at=timezone.now(), used_by=user
        )
    _record(membership, actor=user, action="invitation-accepted" if invited else "joined", from_state=previous)
    return membership


@transaction.atomic
def membership_leave(*, network: Network, user: User) -> Membership:
    """Leave ``network`` or withdraw a request or invitation; also ends membership by employer."""
    membership = Membership.objects.select_for_update().filter(network=network, user=user).first()
    if membership is None:
        # In the network through the employer: a "left" row is what blocks that from now on.
        if network.pk not in viewer_for(user, refresh=True).network_ids:
            raise ValidationError(_("You are not a member of this network."))
        membership = Membership(network=network, user=user)
        previous = "by-employer"
    else:
        previous = membership.status
        if previous not in (Membership.Status.ACTIVE, Membership.Status.PENDING, Membership.Status.INVITED):
            raise ValidationError(_("You are not a member of this network."))
    if (
        membership.role == Membership.Role.COORDINATOR
        and previous == Membership.Status.ACTIVE
        and len(_coordinators(network)) <= 1
    ):
        raise ValidationError(_("You are this network's only coordinator: make someone else coordinator first."))
    membership.status = Membership.Status.LEFT
    membership.role = Membership.Role.MEMBER
    membership.decided_by = user
    membership.decided_at = timezone.now()
    membership.reason = ""
    membership.save()
    _record(membership, actor=user, action="left", from_state=previous)
    return membership


def _moderated(membership: Membership, *, allowed: tuple[str, ...], message: str) -> None:
    if membership.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def membership_admit(*, membership: Membership, actor: User) -> Membership:
    _moderated(membership, allowed=(Membership.Status.PENDING,), message=_("Only a waiting request can be admitted."))
    previous = _decide(membership, status=Membership.Status.ACTIVE, actor=actor)
    _record(membership, actor=actor, action="admitted", from_state=previous)
    _tell_member(membership, "admitted")
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, actor: User, reason: str) -> Membership:
    reason = _require_reason(reason)
    _moderated(membership, allowed=(Membership.Status.PENDING,), message=_("Only a waiting request can be rejected."))
    previous = _decide(membership, status=Membership.Status.REJECTED, actor=actor, reason=reason)
    _record(membership, actor=actor, action="rejected", from_state=previous, note=reason)
    _tell_member(membership, "rejected")
    return membership


@transaction.atomic
def membership_suspend(*, membership: Membership, actor: User, reason: str) -> Membership:
    reason = _require_reason(reason)
    _moderated(membership, allowed=(Membership.Status.ACTIVE,), message=_("Only an active member can be suspended."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    previous = _decide(membership, status=Membership.Status.SUSPENDED, actor=actor, reason=reason)
    _record(membership, actor=actor, action="suspended", from_state=previous, note=reason)
    _tell_member(membership, "suspended")
    return membership


@transaction.atomic
def membership_reinstate(*, membership: Membership, actor: User, reason: str) -> Membership:
    reason = _require_reason(reason)
    _moderated(
        membership, allowed=(Membership.Status.SUSPENDED,), message=_("Only a suspended member can be reinstated.")
    )
    previous = _decide(membership, status=Membership.Status.ACTIVE, actor=actor, reason=reason)
    _record(membership, actor=actor, action="reinstated", from_state=previous, note=reason)
    _tell_member(membership, "reinstated")
    return membership


@transaction.atomic
def membership_promote(*, membership: Membership, actor: User) -> Membership:
    _moderated(membership, allowed=(Membership.Status.ACTIVE,), message=_("Only an active member can be promoted."))
    if membership.role == Membership.Role.COORDINATOR:
        raise ValidationError(_("This member is already a coordinator."))
    membership.role = Membership.Role.COORDINATOR
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["role", "decided_by", "decided_at", "updated_at"])
    _record(membership, actor=actor, action="promoted", from_state=membership.status)
    _tell_member(membership, "promoted")
    return membership
