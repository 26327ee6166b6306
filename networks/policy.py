"""Role predicates other layers may ask about without importing this app (settings name them)."""

from __future__ import annotations

from typing import Any

from networks.models import Membership


def is_coordinator(user: Any) -> bool:
    """Whether ``user`` actively coordinates at least one network."""
    return Membership.objects.filter(
        user_id=user.pk, role=Membership.Role.COORDINATOR, status=Membership.Status.ACTIVE
    ).exists()
