"""Writes for organisations, employment, networks and memberships."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from marketplace.lib.emails import absolute_url
from marketplace.models import User
from marketplace.services import audit_log, email_outbox, notify
from networks.models import (
    Employment,
    Invitation,
    Membership,
    Network,
    OrganisationDomain,
    Partnership,
    invitation_token_hash,
)
from networks.selectors import forget_viewer, may_join_on_own, viewer_for

INVITATION_VALID_FOR = timedelta(days=14)
logger = logging.getLogger(__name__)


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower()


@transaction.atomic
def employment_sync(*, user: User) -> Employment | None:
    """Link ``user`` to the employer of their verified address, or unlink them.

    The primary address decides when it is verified and on a known domain; otherwise the
    oldest other verified address on a known domain. No such address: no employer, and the
    account is a visitor. Called whenever an address is verified, changed or removed.
    """
    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").values_list("email", flat=True)
    )
    domains = {
        d.domain: d.organisation
        for d in OrganisationDomain.objects.filter(domain__in={email_domain(a) for a in addresses}).select_related(
            "organisation"
        )
    }
    match = next(((a, domains[email_domain(a)]) for a in addresses if email_domain(a) in domains), None)
    current = Employment.objects.select_for_update().filter(user=user).select_related("organisation").first()
    if match is None:
        if current is not None:
            audit_log(actor=user, action="networks.employment.ended", target=user, from_state=current.organisation.slug)
            current.delete()
        return None
    address, organisation = match
    if current is not None and current.organisation_id == organisation.pk and current.email == address:
        return current
    if current is None:
        current = Employment(user=user)
    previous = current.organisation if current.organisation_id else None
    current.organisation = organisation
    current.email = address
    current.save()
    audit_log(
        actor=user,
        action="networks.employment.linked",
        target=user,
        from_state=previous.slug if previous else "",
        to_state=organisation.slug,
    )
    return current


# --- memberships ---------------------------------------------------------------------------


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
        for coordinator in _coordinators(network):
            notify(
                recipient=coordinator,
                kind="networks.request-received",
                template="networks-request-received",
                context={"network": network, "membership": membership, "applicant": user},
                url=reverse("networks:queue", kwargs={"slug": network.slug}),
            )
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


# --- invitations ---------------------------------------------------------------------------


def invitation_url(token: str) -> str:
    return reverse("networks:invitation", kwargs={"token": token})


@transaction.atomic
def invitation_create(*, network: Network, email: str, actor: User, message: str = "") -> tuple[Invitation, str]:
    """Invite ``email`` to ``network``; return the invitation and its one-time token.

    The token is sent only in the email. Someone with an account also gets an in-app
    notification and an ``invited`` membership; someone without one can sign up with the
    invited address and finds the membership waiting once the address is verified.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    membership = Membership.objects.filter(network=network, user=existing).first() if existing else None
    if membership is not None and membership.status in (Membership.Status.ACTIVE, Membership.Status.SUSPENDED):
        raise ValidationError({"email": _("This person is already a member of the network.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        network=network,
        email=email,
        message=message.strip(),
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    audit_log(
        actor=actor, action="networks.invitation.sent", target=network, note=email, data={"code": str(invitation.code)}
    )
    url = invitation_url(token)
    context = {"network": network, "invitation": invitation, "inviter": actor}
    if existing is not None:
        if membership is None:
            membership = Membership(network=network, user=existing)
        previous = membership.status if membership.pk else ""
        membership.status = Membership.Status.INVITED
        membership.role = Membership.Role.MEMBER
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save()
        _record(membership, actor=actor, action="invited", from_state=previous)
        notify(recipient=existing, kind="networks.invited", template="networks-invited", context=context, url=url)
    else:
        email_outbox(
            to=email,
            kind="networks.invited",
            template="networks-invited",
            context={**context, "url": absolute_url(url)},
            language=actor.language,
            url=url,
        )
    return invitation, token


def invitation_find(token: str) -> Invitation | None:
    """The invitation a token belongs to (used, expired or not); ``None`` for a wrong token."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("network", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def _verified_emails(user: User) -> set[str]:
    return {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Use an invitation: the person becomes an active member. Works once, before it expires."""
    invitation = Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask the coordinator for a new one."))
    if invitation.email not in _verified_emails(user):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address, or add and verify it.")
            % {"email": invitation.email}
        )
    network = invitation.network
    membership = Membership.objects.select_for_update().filter(network=network, user=user).first()
    if membership is None:
        membership = Membership(network=network, user=user)
    previous = membership.status if membership.pk else ""
    if previous != Membership.Status.ACTIVE:
        membership.status = Membership.Status.ACTIVE
        membership.role = Membership.Role.MEMBER if previous != Membership.Status.SUSPENDED else membership.role
        membership.decided_by = invitation.invited_by
        membership.decided_at = timezone.now()
        membership.reason = ""
        membership.save()
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by", "updated_at"])
    _record(membership, actor=user, action="invitation-accepted", from_state=previous)
    return membership


def invitations_accept_for_address(*, user: User, email: str) -> list[Membership]:
    """After ``email`` is verified: use every open invitation sent to it (the new-account path)."""
    accepted = []
    for invitation in Invitation.objects.usable().filter(email=email.strip().lower()):
        try:
            accepted.append(invitation_accept(invitation=invitation, user=user))
        except ValidationError:
            continue
    return accepted


# --- partnerships --------------------------------------------------------------------------


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
    for coordinator in _coordinators(partner):
        notify(
            recipient=coordinator,
            kind="networks.partnership-proposed",
            template="networks-partnership-proposed",
            context={"network": partner, "proposer": proposer, "partnership": partnership},
            url=reverse("networks:partnerships", kwargs={"slug": partner.slug}),
        )
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
    for coordinator in _coordinators(partnership.proposer):
        notify(
            recipient=coordinator,
            kind="networks.partnership-decided",
            template="networks-partnership-decided",
            context={"network": partnership.proposer, "partner": partnership.partner, "partnership": partnership},
            url=reverse("networks:partnerships", kwargs={"slug": partnership.proposer.slug}),
        )
    forget_viewer(actor)
    return partnership
