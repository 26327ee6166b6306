"""Words for the audit actions this app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment

_STATUS_WORDS = {
    Assignment.Status.DRAFT: _("Sent back to draft"),
    Assignment.Status.AWAITING_MODERATION: _("Submitted for approval"),
    Assignment.Status.OPEN: _("Published"),
    Assignment.Status.CLOSED: _("Closed for reactions"),
    Assignment.Status.FILLED: _("All places filled"),
    Assignment.Status.COMPLETED: _("Completed"),
    Assignment.Status.CANCELLED: _("Cancelled"),
}

AUDIT_ACTIONS = {
    "assignments.assignment.created": _("Created"),
    "assignments.assignment.edited": _("Edited"),
    "assignments.assignment.network-approved": _("Approved for the network"),
    **{f"assignments.assignment.{status}": words for status, words in _STATUS_WORDS.items()},
}
