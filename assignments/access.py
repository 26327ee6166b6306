"""One lookup per assignment: through ``visible_to``, so what you may not see is a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from assignments.models import Assignment
from networks.selectors import viewer_for


def managed_by_q(user: Any) -> Q:
    """Assignments ``user`` manages: as the poster or as a co-owner."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(posted_by_id=user.pk) | Q(co_owners__id=user.pk)


def can_manage(user: Any, assignment: Assignment) -> bool:
    if not user.is_authenticated:
        return False
    if assignment.posted_by_id == user.pk:
        return True
    return assignment.co_owners.filter(pk=user.pk).exists()


def coordinates(user: Any, assignment: Assignment) -> bool:
    """Whether ``user`` coordinates one of the networks the assignment is meant for."""
    viewer = viewer_for(user)
    if not viewer.coordinated_network_ids or assignment.audience != Assignment.Audience.NETWORKS:
        return False
    return assignment.networks.filter(pk__in=viewer.coordinated_network_ids).exists()


def can_moderate(user: Any, assignment: Assignment) -> bool:
    """A coordinator of a chosen network that moderates, while the assignment awaits approval."""
    viewer = viewer_for(user)
    if assignment.status != Assignment.Status.AWAITING_MODERATION or not viewer.coordinated_network_ids:
        return False
    return assignment.networks.filter(pk__in=viewer.coordinated_network_ids, moderates_assignments=True).exists()


def get_assignment_for_user(user: Any, code: UUID | str) -> tuple[Assignment, bool]:
    """The assignment with ``code`` if ``user`` may see it, and whether they may manage it.

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
    return assignment, can_manage(user, assignment)


def get_manageable_assignment(user: Any, code: UUID | str) -> Assignment:
    """The assignment with ``code`` for its poster or a co-owner.

    ``Http404`` when invisible; ``PermissionDenied`` (403) when visible but not theirs.
    """
    assignment, manageable = get_assignment_for_user(user, code)
    if not manageable:
        raise PermissionDenied
    return assignment


def get_moderatable_assignment(user: Any, code: UUID | str) -> Assignment:
    """The assignment awaiting approval by ``user`` as coordinator; 404 invisible, 403 otherwise."""
    assignment, _ = get_assignment_for_user(user, code)
    if not can_moderate(user, assignment):
        raise PermissionDenied
    return assignment
