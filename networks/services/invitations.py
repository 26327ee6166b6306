"""Invitations to a network: sent through the outbox, accepted by the invited address."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.lib.emails import absolute_url
from marketplace.models import User
from marketplace.services import audit_log, email_outbox, notify
from networks.models import (
    Invitation,
    Membership,
    Network,
    invitation_token_hash,
)
from networks.services.employment import _verified_emails
from networks.services.memberships import _record

INVITATION_VALID_FOR = timedelta(days=14)


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
