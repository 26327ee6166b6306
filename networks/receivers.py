"""allauth tells us when addresses are verified, changed or removed; the employer follows."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_changed, email_confirmed, email_removed, user_logged_in
from django.dispatch import receiver

from networks.services import employment_sync, invitations_accept_for_address
from networks.sso.services import sso_logged_in


def _address_verified(*, user: Any, email: str) -> None:
    """The one path from a verified address to the employer (and to waiting invitations)."""
    employment_sync(user=user)
    # Someone invited before they had an account finds the membership waiting once verified.
    invitations_accept_for_address(user=user, email=email)


@receiver(email_confirmed)
def _on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    _address_verified(user=email_address.user, email=email_address.email)


@receiver(email_changed)
def _on_email_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    employment_sync(user=user)


@receiver(email_removed)
def _on_email_removed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    employment_sync(user=user)


@receiver(user_logged_in)
def _on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A login through the organisation's identity provider: its vouched address is verified."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    sso_logged_in(request, user=user, sociallogin=sociallogin)
    for address in sociallogin.email_addresses:
        _address_verified(user=user, email=address.email)
