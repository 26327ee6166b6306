"""The one lookup per profile surface. Everything goes through Profile.objects.visible_to."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404
from django.shortcuts import get_object_or_404

from profiles.models import Profile, ShareLink, share_token_hash, shown_q


def get_profile_for_user(user: Any, code: Any) -> tuple[Profile, bool]:
    """The profile ``code`` if ``user`` may see it (else 404), and whether they may see contact details."""
    profile = get_object_or_404(
        # Whether they may see the contact details in the same query: one round trip fewer per page.
        Profile.objects.visible_with_contact_flag(user).select_related(
            "user__employment__organisation", "field_of_work"
        ),
        code=code,
    )
    return profile, bool(getattr(profile, "can_contact"))  # noqa: B009 - an annotation mypy cannot see


def get_contact_profile_for_user(user: Any, code: Any) -> Profile:
    """The profile ``code`` if ``user`` may see its contact details and CV, else 404."""
    return get_object_or_404(Profile.objects.contact_visible_to(user), code=code)


def get_own_profile(user: Any) -> Profile:
    """The logged-in person's own profile, or 404 if they have none yet."""
    return get_object_or_404(Profile.objects.select_related("user__employment__organisation"), user=user)


def get_share_link(token: str) -> ShareLink | None:
    """The share link with ``token`` whatever its state, or None.

    A link opens a profile only while active and while the profile is shown (``shown_q``, the
    same condition ``Profile.objects.visible_to`` uses; hidden or deactivated: 404); the
    caller shows a clear "expired or revoked" page for an inactive one.
    """
    link = (
        ShareLink.objects.select_related("profile__user__employment__organisation", "profile__field_of_work")
        .annotate(profile_shown=ExpressionWrapper(shown_q("profile__"), output_field=BooleanField()))
        .filter(token_hash=share_token_hash(token))
        .first()
    )
    if link is not None and not getattr(link, "profile_shown", False):  # annotated above
        raise Http404
    return link
