"""allauth tells us when addresses are verified, changed or removed; the employer follows."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.dispatch import receiver

from networks.services import employment_sync, invitations_accept_for_address


@receiver(email_confirmed)
def _on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    employment_sync(user=email_address.user)
    # Someone invited before they had an account finds the membership waiting once verified.
    invitations_accept_for_address(user=email_address.user, email=email_address.email)


@receiver(email_changed)
def _on_email_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    employment_sync(user=user)


@receiver(email_removed)
def _on_email_removed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    employment_sync(user=user)
