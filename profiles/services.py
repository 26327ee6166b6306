"""Writes on profiles: the profile itself, its files, share links and self-knowledge tools."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Value
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.lib import row_keys
from marketplace.lib.search import SEARCH_CONFIG, is_postgres
from marketplace.models import User
from marketplace.services import audit_log
from profiles.models import CoreQuality, Expertise, Profile, ShareLink, share_token_hash
from profiles.selfscan import STATEMENTS

# The scalar fields the owner edits on the profile form.
PROFILE_FIELDS = [
    "display_name",
    "headline",
    "bio",
    "job_title",
    "field_of_work",
    "open_to_assignments",
    "hours_per_week",
    "available_from",
    "available_until",
    "hourly_rate",
    "remote",
    "languages",
    "contact_email",
    "phone",
    "linkedin_url",
    "visibility",
    "contact_visibility",
]
PROFILE_M2M = ["core_qualities", "engagement_forms", "work_formats", "regions"]
SHARE_LINK_MAX_DAYS = 90


def normalise_tag(text: str) -> str:
    """An expertise tag as stored: lower case, single spaces, no surrounding punctuation."""
    return re.sub(r"\s+", " ", text).strip(" .;,-").lower()[:100]


def parse_tags(text: str) -> list[str]:
    """Comma-separated text to a list of distinct normalised tags, in the order typed."""
    tags: list[str] = []
    for part in text.split(","):
        tag = normalise_tag(part)
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:30]


def expertise_for(tags: Iterable[str]) -> list[Expertise]:
    """The expertise rows of ``tags`` (normalised, distinct), created when new: profiles and assignments."""
    result = []
    for tag in dict.fromkeys(filter(None, map(normalise_tag, tags))):
        slug = slugify(tag)[:110] or uuid.uuid4().hex[:12]
        expertise, _created = Expertise.objects.get_or_create(slug=slug, defaults={"name": tag})
        result.append(expertise)
    return result


def _store(field: Any, folder_ext: str, data: bytes) -> None:
    old = field.name
    field.save(f"{uuid.uuid4().hex}.{folder_ext}", ContentFile(data), save=False)
    if old:
        field.storage.delete(old)


@transaction.atomic
def profile_save(
    *,
    user: User,
    data: dict[str, Any],
    expertise: list[str],
    cv: bytes | None = None,
    photo: bytes | None = None,
    remove_cv: bool = False,
    remove_photo: bool = False,
    suggested_quality: str = "",
) -> Profile:
    """Create or update ``user``'s one profile from validated form data.

    ``cv`` and ``photo`` are bytes already checked by ``profiles.uploads``; they are stored
    under random names. Raises ValidationError when the contact level is more open than the
    profile level.
    """
    profile = Profile.objects.filter(user=user).first()
    created = profile is None
    if profile is None:
        profile = Profile(user=user)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if profile.contact_visibility > profile.visibility:
        raise ValidationError({"contact_visibility": _("Contact details cannot be more open than the profile itself.")})
    if not user.full_name and profile.display_name:
        # Sign-up asks no name; the profile's name is how others (a leidinggevende, an
        # opdrachtgever) should see the person instead of an email address.
        user.full_name = profile.display_name
        user.save(update_fields=["full_name"])
    if remove_cv and profile.cv:
        profile.cv.delete(save=False)
        profile.cv_uploaded_at = None
    if remove_photo and profile.photo:
        profile.photo.delete(save=False)
    if cv is not None:
        _store(profile.cv, "pdf", cv)
        profile.cv_uploaded_at = timezone.now()
    if photo is not None:
        _store(profile.photo, "jpg", photo)
    profile.last_active_at = timezone.now()
    profile.save()
    with row_keys.batch():  # the filter keys once, not after each removal and addition
        for name in PROFILE_M2M:
            if name in data:
                getattr(profile, name).set(data[name])
    profile.expertise.set(expertise_for(expertise))
    if suggested_quality.strip():
        core_quality_suggest(user=user, name=suggested_quality)
    profile_refresh_search(profile=profile)
    audit_log(actor=user, action="profiles.profile.created" if created else "profiles.profile.updated", target=profile)
    return profile


def core_quality_suggest(*, user: User, name: str) -> CoreQuality:
    """Record a suggested core quality; it waits for an admin's approval before anyone sees it."""
    name = re.sub(r"\s+", " ", name).strip()[:100]
    quality, _created = CoreQuality.objects.get_or_create(
        slug=slugify(name)[:110], defaults={"name": name, "is_approved": False}
    )
    audit_log(actor=user, action="profiles.core_quality.suggested", target=quality)
    return quality


def profile_refresh_search(*, profile: Profile) -> None:
    """Store the weighted Dutch search vector of ``profile`` (PostgreSQL only)."""
    if not is_postgres():
        return
    tags = [e.name for e in profile.expertise.all()] + [q.name for q in profile.core_qualities.all()]
    if profile.field_of_work is not None:
        tags.append(profile.field_of_work.name)
    experience = [f"{e.title} {e.organisation_name}" for e in profile.experience.all()]
    parts = [
        (f"{profile.display_name} {profile.headline} {profile.job_title}", "A"),
        (" ".join(tags), "B"),
        (f"{profile.bio} {' '.join(experience)}", "C"),
    ]
    vectors = [SearchVector(Value(text), config=SEARCH_CONFIG, weight=weight) for text, weight in parts]
    vector: Combinable = vectors[0]
    for part in vectors[1:]:
        vector = vector + part
    Profile.objects.filter(pk=profile.pk).update(search_vector=vector)


@transaction.atomic
def experience_add(*, profile: Profile, data: dict[str, Any]) -> Any:
    entry = profile.experience.create(**data)
    profile_refresh_search(profile=profile)
    audit_log(actor=profile.user, action="profiles.experience.added", target=profile)
    return entry


@transaction.atomic
def experience_remove(*, profile: Profile, entry_id: int) -> None:
    profile.experience.filter(pk=entry_id).delete()
    profile_refresh_search(profile=profile)
    audit_log(actor=profile.user, action="profiles.experience.removed", target=profile)


@transaction.atomic
def share_link_create(*, profile: Profile, label: str, days: int, include_contact: bool) -> tuple[ShareLink, str]:
    """A new secret link to ``profile`` for ``days`` days (1 to SHARE_LINK_MAX_DAYS), and its token.

    The token is stored only as a hash: this answer is the one moment it exists, to show once.
    """
    if not 1 <= days <= SHARE_LINK_MAX_DAYS:
        raise ValidationError({"days": _("Choose between 1 and %(max)s days.") % {"max": SHARE_LINK_MAX_DAYS}})
    token = secrets.token_urlsafe(32)
    link = profile.share_links.create(
        token_hash=share_token_hash(token),
        label=label.strip(),
        expires_at=timezone.now() + timedelta(days=days),
        include_contact=include_contact,
    )
    audit_log(actor=profile.user, action="profiles.share_link.created", target=link, data={"days": days})
    return link, token


@transaction.atomic
def share_link_revoke(*, link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        audit_log(actor=link.profile.user, action="profiles.share_link.revoked", target=link)


def share_link_used(*, link: ShareLink) -> None:
    ShareLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())


@transaction.atomic
def quadrant_save(*, profile: Profile, data: dict[str, Any]) -> Profile:
    """Save the owner's core quadrant (quality, pitfall, challenge, allergy, shown or not)."""
    profile.quadrant_quality = data["quality"]
    profile.quadrant_pitfall = data["pitfall"]
    profile.quadrant_challenge = data["challenge"]
    profile.quadrant_allergy = data["allergy"]
    profile.show_quadrant = data["show"]
    profile.save(
        update_fields=[
            "quadrant_quality",
            "quadrant_pitfall",
            "quadrant_challenge",
            "quadrant_allergy",
            "show_quadrant",
            "updated_at",
        ]
    )
    audit_log(actor=profile.user, action="profiles.quadrant.saved", target=profile)
    return profile


@transaction.atomic
def selfscan_save(*, profile: Profile, answers: list[int], show: bool) -> Profile:
    """Save the self-scan: one answer from 1 to 5 for each statement."""
    if len(answers) != len(STATEMENTS) or any(not 1 <= a <= 5 for a in answers):
        raise ValidationError(_("Answer every statement with a number from 1 to 5."))
    profile.scan_answers = answers
    profile.scan_completed_at = timezone.now()
    profile.show_scan = show
    profile.save(update_fields=["scan_answers", "scan_completed_at", "show_scan", "updated_at"])
    audit_log(actor=profile.user, action="profiles.selfscan.saved", target=profile)
    return profile


def cv_download_denied(*, actor: User | None, code: Any) -> None:
    """Audit a refused CV download of an existing profile (unknown codes are not recorded)."""
    profile = Profile.objects.filter(code=code).only("pk").first()
    if profile is not None:
        audit_log(actor=actor, action="profiles.cv.denied", target=profile)


def cv_download_record(*, actor: User | None, profile: Profile, via: str) -> None:
    """Audit who downloaded a CV (``via`` is "profile" or "share-link")."""
    audit_log(actor=actor, action="profiles.cv.downloaded", target=profile, data={"via": via})
