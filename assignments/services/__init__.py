"""Writes for assignments, split by sub-domain and re-exported here."""

from __future__ import annotations

from assignments.services.consent import (
    ConsentLinkError,
    consent_decide,
    consent_request_from_token,
    consent_request_send,
    consent_requests_sweep,
    placement_request_consent,
)
from assignments.services.deadlines import assignments_close_expired
from assignments.services.interests import (
    interest_create,
    interest_decline,
    interest_select,
    interest_shortlist,
    interest_withdraw,
    introduction_plan,
)
from assignments.services.placements import (
    placement_cancel,
    placement_complete,
    placement_confirm_terms,
    placement_record_side_activity,
    placement_set_terms,
    reference_accept,
    reference_give,
)
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
    "ConsentLinkError",
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
    "consent_decide",
    "consent_request_from_token",
    "consent_request_send",
    "consent_requests_sweep",
    "interest_create",
    "interest_decline",
    "interest_select",
    "interest_shortlist",
    "interest_withdraw",
    "introduction_plan",
    "placement_cancel",
    "placement_complete",
    "placement_confirm_terms",
    "placement_record_side_activity",
    "placement_request_consent",
    "placement_set_terms",
    "reference_accept",
    "reference_give",
]
