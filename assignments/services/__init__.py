"""Writes for assignments, split by sub-domain and re-exported here."""

from __future__ import annotations

from assignments.services.status import InvalidTransition, assignment_transition

__all__ = ["InvalidTransition", "assignment_transition"]
