"""The networks app's models, by area; ``from networks.models import X`` names them all."""

from __future__ import annotations

from networks.models.networks import (
    Invitation,
    InvitationQuerySet,
    Membership,
    Network,
    NetworkQuerySet,
    Participation,
    Partnership,
    invitation_token_hash,
)
from networks.models.organisations import (
    ENV_NAME_VALIDATOR,
    Employment,
    IdentityProvider,
    Organisation,
    OrganisationDomain,
    OrganisationRules,
    Region,
)

__all__ = [
    "ENV_NAME_VALIDATOR",
    "Employment",
    "IdentityProvider",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "Network",
    "NetworkQuerySet",
    "Organisation",
    "OrganisationDomain",
    "OrganisationRules",
    "Participation",
    "Partnership",
    "Region",
    "invitation_token_hash",
]

# Models defined beside the areas they serve, registered here (they import the names above).
from networks.agreement.models import LedgerReminder, PublicRate
from networks.independents import IndependentAdmission

__all__ += ["IndependentAdmission", "LedgerReminder", "PublicRate"]
