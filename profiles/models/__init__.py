"""The profiles app's models, by area; ``from profiles.models import X`` names them all."""

from __future__ import annotations

# The maintained audience (issue 17 item 1) lives in its own module; imported here so Django finds it.
from profiles.audience_models import ProfileAudience
from profiles.models.profiles import (
    ExperienceEntry,
    PortfolioEntry,
    Profile,
    ProfileQuerySet,
    ShareLink,
    ShareLinkQuerySet,
    Visibility,
    hidden_q,
    hides_from_q,
    share_token_hash,
    shown_q,
)
from profiles.models.taxonomies import (
    CoreQuality,
    EngagementForm,
    Expertise,
    FieldOfWork,
    Taxonomy,
    TranslatedName,
)

__all__ = [
    "CoreQuality",
    "EngagementForm",
    "ExperienceEntry",
    "Expertise",
    "FieldOfWork",
    "PortfolioEntry",
    "Profile",
    "ProfileAudience",
    "ProfileQuerySet",
    "ShareLink",
    "ShareLinkQuerySet",
    "Taxonomy",
    "TranslatedName",
    "Visibility",
    "hidden_q",
    "hides_from_q",
    "share_token_hash",
    "shown_q",
]
