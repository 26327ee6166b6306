"""Access helpers of the placement workflow. Every fetch starts at ``Assignment.objects.visible_to``.

Invisible answers 404; visible but not allowed to act answers 403 (``PermissionDenied``).
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assignments.access import Role as AssignmentRole
from assignments.access import role_of
from assignments.models import Assignment
from marketplace.models import User
from networks.selectors import viewer_for
from placements.models import Interest, Placement
from profiles.discreet import work_hidden_from


class Role(StrEnum):
    """A person's part in a reaction or placement."""

    PROFESSIONAL = "professional"
    CLIENT = "client"  # an owner of the assignment (assignments.access.Role.OWNER)
    COORDINATOR = "coordinator"  # of a network the assignment is shared with


_FROM_ASSIGNMENT_ROLE = {AssignmentRole.OWNER: Role.CLIENT, AssignmentRole.COORDINATOR: Role.COORDINATOR}


def get_visible_assignment(user: User | Any, code: uuid.UUID) -> Assignment:
    """An assignment ``user`` may see, or 404."""
    return get_object_or_404(Assignment.objects.visible_to(user).select_related("organisation"), code=code)


def role_in(user: User | Any, assignment: Assignment, professional_id: int) -> Role | None:
    """The viewer's part in a reaction or placement of ``professional_id`` on ``assignment``."""
    if getattr(user, "pk", None) == professional_id:
        return Role.PROFESSIONAL
    assignment_role = role_of(user, assignment)
    if assignment_role == AssignmentRole.COORDINATOR and work_hidden_from(professional_id, viewer_for(user)):
        return None  # discreet mode: a coordinator of an organisation the person hides from is no party
    return None if assignment_role is None else _FROM_ASSIGNMENT_ROLE[assignment_role]


def get_interest_for_user(
    user: User | Any, assignment_code: uuid.UUID, interest_code: uuid.UUID, *, act_as: Role | None = None
) -> tuple[Interest, Role]:
    """A reaction and the viewer's role in it (professional, client, coordinator).

    404 when the assignment is invisible or the viewer is not involved; 403 when ``act_as``
    names a role the viewer does not have.
    """
    assignment = get_visible_assignment(user, assignment_code)
    interest = get_object_or_404(assignment.interests.select_related("professional"), code=interest_code)
    interest.assignment = assignment
    role = role_in(user, assignment, interest.professional_id)
    if role is None:
        raise Http404
    if act_as is not None and role != act_as:
        raise PermissionDenied
    return interest, role


def get_placement_for_user(
    user: User | Any, code: uuid.UUID, *, act_as: Role | tuple[Role, ...] | None = None
) -> tuple[Placement, Role]:
    """A placement on a visible assignment and the viewer's role in it; 404 or 403 as above."""
    visible = Assignment.objects.visible_to(user)
    placement = get_object_or_404(
        Placement.objects.filter(assignment__in=visible).select_related(
            "assignment__organisation", "assignment__posted_by", "professional", "interest", "engagement_form"
        ),
        code=code,
    )
    role = role_in(user, placement.assignment, placement.professional_id)
    if role is None:
        raise Http404
    allowed = (act_as,) if isinstance(act_as, str) else act_as
    if allowed is not None and role not in allowed:
        raise PermissionDenied
    return placement, role
