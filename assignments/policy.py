"""Role predicates other layers may ask about without importing this app (settings name them)."""

from __future__ import annotations

from typing import Any

from assignments.models import Assignment


def is_client(user: Any) -> bool:
    """Whether ``user`` is an opdrachtgever: has posted an assignment or co-owns one."""
    return Assignment.objects.owned_by(user).exists()
