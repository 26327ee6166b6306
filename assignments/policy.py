"""Role predicates other layers may ask about without importing this app (settings name them)."""

from __future__ import annotations

from typing import Any

from assignments.models import Assignment

# Its name in MFA_REQUIRED_PREDICATES: posting makes someone an opdrachtgever, so it asks first.
CLIENT_PREDICATE = f"{__name__}.is_client"


def is_client(user: Any) -> bool:
    """Whether ``user`` is an opdrachtgever: has posted an assignment or co-owns one."""
    return Assignment.objects.owned_by(user).exists()
