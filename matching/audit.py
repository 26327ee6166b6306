"""Words for the audit actions this app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "assignments.assignment.fanout_completed": _("Matching professionals were told"),
    "assignments.match.invited": _("Professional invited to react"),
    "assignments.saved_search.created": _("Search saved"),
    "assignments.saved_search.deleted": _("Saved search deleted"),
    "matching.feedback.not_interested": _("Marked as not interesting"),
}
