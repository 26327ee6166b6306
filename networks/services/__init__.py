"""The networks app's writes, by area; ``from networks.services import x`` names them all."""

from __future__ import annotations

from networks.services.employment import email_domain, employment_sync
from networks.services.invitations import (
    INVITATION_VALID_FOR,
    invitation_accept,
    invitation_create,
    invitation_find,
    invitation_url,
    invitations_accept_for_address,
)
from networks.services.memberships import (
    NO_EMPLOYER_MESSAGE,
    membership_admit,
    membership_join,
    membership_leave,
    membership_promote,
    membership_reinstate,
    membership_reject,
    membership_suspend,
)
from networks.services.partnerships import partnership_decide, partnership_propose

__all__ = [
    "INVITATION_VALID_FOR",
    "NO_EMPLOYER_MESSAGE",
    "email_domain",
    "employment_sync",
    "invitation_accept",
    "invitation_create",
    "invitation_find",
    "invitation_url",
    "invitations_accept_for_address",
    "membership_admit",
    "membership_join",
    "membership_leave",
    "membership_promote",
    "membership_reinstate",
    "membership_reject",
    "membership_suspend",
    "partnership_decide",
    "partnership_propose",
]
