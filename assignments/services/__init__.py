"""Writes for assignments (posting, status and deadlines), split by area and re-exported here."""

from __future__ import annotations

from assignments.services.deadlines import assignments_close_expired
from assignments.services.posting import (
    assignment_approve,
    assignment_cancel,
    assignment_close,
    assignment_create,
    assignment_duplicate,
    assignment_publish,
    assignment_search_refresh,
    assignment_send_back,
    assignment_update,
)
from assignments.services.status import InvalidTransition, assignment_transition

__all__ = [
    "InvalidTransition",
    "assignment_approve",
    "assignment_cancel",
    "assignment_close",
    "assignment_create",
    "assignment_duplicate",
    "assignment_publish",
    "assignment_search_refresh",
    "assignment_send_back",
    "assignment_transition",
    "assignment_update",
    "assignments_close_expired",
]
