"""Access helpers of the placement workflow. Every fetch starts at ``Assignment.objects.visible_to``.

Invisible answers 404; visible but not allowed to act answers 403 (``PermissionDenied``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assignments.models import Assignment
from marketplace.models import User
from networks.selectors import viewer_for
from placements.models import Interest, Placement
from placements.services.interests import is_owner


def get_visible_assignment(user: User | Any, code: uuid.UUID) -> Assignment:
    """An assignment ``user`` may see, or 404."""
    return get_object_or_404(Assignment.objects.visible_to(user).select_related("organisation"), code=code)


def get_managed_assignment(user: User | Any, code: uuid.UUID) -> Assignment:
    """An assignment ``user`` may see and manages (poster or co-owner); 404 or 403."""
    assignment = get_visible_assignment(user, code)
    if not is_owner(user, assignment):
        raise PermissionDenied
    return assignment


def _role(user: User | Any, assignment: Assignment, professional_id: int) -> str | None:
    if user.pk == professional_id:
        return "professional"
    if is_owner(user, assignment):
        return "client"
    coordinated = viewer_for(user).coordinated_network_ids
    if coordinated and assignment.networks.filter(pk__in=coordinated).exists():
        return "coordinator"
    return None


def get_interest_for_user(
    user: User | Any, assignment_code: uuid.UUID, interest_code: uuid.UUID, *, act_as: str | None = None
) -> tuple[Interest, str]:
    """A reaction and the viewer's role in it (professional, client, coordinator).

    404 when the assignment is invisible or the viewer is not involved; 403 when ``act_as``
    names a role the viewer does not have.
    """
    assignment = get_visible_assignment(user, assignment_code)
    interest = get_object_or_404(assignment.interests.select_related("professional"), code=interest_code)
    interest.assignment = assignment
    role = _role(user, assignment, interest.professional_id)
    if role is None:
        raise Http404
    if act_as is not None and role != act_as:
        raise PermissionDenied
    return interest, role


def get_placement_for_user(
    user: User | Any, code: uuid.UUID, *, act_as: str | tuple[str, ...] | None = None
) -> tuple[Placement, str]:
    """A placement on a visible assignment and the viewer's role in it; 404 or 403 as above."""
    visible = Assignment.objects.visible_to(user)
    placement = get_object_or_404(
        Placement.objects.filter(assignment__in=visible).select_related(
            "assignment__organisation", "assignment__posted_by", "professional", "interest", "engagement_form"
        ),
        code=code,
    )
    role = _role(user, placement.assignment, placement.professional_id)
    if role is None:
        raise Http404
    allowed = (act_as,) if isinstance(act_as, str) else act_as
    if allowed is not None and role not in allowed:
        raise PermissionDenied
    return placement, role
