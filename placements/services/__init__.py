"""Writes of the placement workflow (reactions, placements, consent, references), re-exported here."""

from __future__ import annotations

from placements.services.checklist import (
    placement_answer_klik,
    placement_judge_fit,
    placement_read_rules,
    placement_record_match,
)
from placements.services.consent import (
    ConsentLinkError,
    consent_decide,
    consent_request_from_token,
    consent_request_send,
    consent_requests_sweep,
    placement_request_consent,
)
from placements.services.interests import (
    interest_create,
    interest_decline,
    interest_select,
    interest_shortlist,
    interest_withdraw,
    introduction_plan,
)
from placements.services.placements import (
    placement_cancel,
    placement_complete,
    placement_confirm_terms,
    placement_record_side_activity,
    placement_set_terms,
    reference_accept,
    reference_give,
)

__all__ = [
    "ConsentLinkError",
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
    "placement_answer_klik",
    "placement_cancel",
    "placement_complete",
    "placement_confirm_terms",
    "placement_judge_fit",
    "placement_read_rules",
    "placement_record_match",
    "placement_record_side_activity",
    "placement_request_consent",
    "placement_set_terms",
    "reference_accept",
    "reference_give",
]
