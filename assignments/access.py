"""Who is who on an assignment, and one lookup per assignment through ``visible_to``.

The rules themselves are written once, as ``owner_q`` and ``coordinator_q`` in
``assignments.models`` (and used by ``visible_to``); the predicates here only ask them about one
assignment, with cheap short-cuts that the query would refuse as well.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assignments.models import Assignment
from networks.selectors import viewer_for


class Role(StrEnum):
    """What a person is to an assignment, besides a reader of it."""

    OWNER = "owner"  # the poster or a co-owner: the opdrachtgever side
    COORDINATOR = "coordinator"  # coordinates a network the assignment is shared with


def is_owner(user: Any, assignment: Assignment) -> bool:
    """The poster or a co-owner of ``assignment``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if assignment.posted_by_id == user.pk:
        return True
    return Assignment.objects.owned_by(user).filter(pk=assignment.pk).exists()


def is_coordinator(user: Any, assignment: Assignment, *, moderating: bool = False) -> bool:
    """A verified coordinator of a network ``assignment`` is shared with (audience networks)."""
    viewer = viewer_for(user)
    if not viewer.coordinated_network_ids or assignment.audience != Assignment.Audience.NETWORKS:
        return False
    return Assignment.objects.coordinated_by(user, moderating=moderating).filter(pk=assignment.pk).exists()


def role_of(user: Any, assignment: Assignment) -> Role | None:
    """The owner role first, then the coordinator role, else None."""
    if is_owner(user, assignment):
        return Role.OWNER
    if is_coordinator(user, assignment):
        return Role.COORDINATOR
    return None


def can_moderate(user: Any, assignment: Assignment) -> bool:
    """A coordinator of a chosen network that moderates, while the assignment awaits approval."""
    if assignment.status != Assignment.Status.AWAITING_MODERATION:
        return False
    return is_coordinator(user, assignment, moderating=True)


def get_assignment_for_user(user: Any, code: UUID | str) -> tuple[Assignment, bool]:
    """The assignment with ``code`` if ``user`` may see it, and whether they own it.

    Raises ``Http404`` when it does not exist or is not visible to ``user``.
    """
    assignment = (
        Assignment.objects.visible_to(user)
        .select_related("organisation", "field_of_work", "region", "posted_by")
        .filter(code=code)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment, is_owner(user, assignment)


def get_manageable_assignment(user: Any, code: UUID | str) -> Assignment:
    """The assignment with ``code`` for its poster or a co-owner.

    ``Http404`` when invisible; ``PermissionDenied`` (403) when visible but not theirs.
    """
    assignment, manageable = get_assignment_for_user(user, code)
    if not manageable:
        raise PermissionDenied
    return assignment
