"""AVG (GDPR): give people everything stored about them, and erase them on request.

What each app stores is registered in ``marketplace.privacy`` by that app (``<app>/personal_data.py``);
the export and the erasure below walk that registry. This module also holds the profiles' own part.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace import privacy
from marketplace.lib.storage import open_stream
from marketplace.models import AuditEntry, User
from marketplace.services import audit_log
from profiles.models import PortfolioEntry, Profile, ShareLink


def account_export_data(user: User) -> dict[str, Any]:
    """Everything stored about ``user``, as plain data (no other person's identity), from every app."""
    data: dict[str, Any] = {}
    for part in reversed(privacy.parts()):
        if part.export is not None:
            data.update(part.export(user))
    return data


def account_export(*, user: User) -> bytes:
    """A ZIP with ``data.json`` and the person's uploaded files; the export itself is audited."""
    data = account_export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        for part in reversed(privacy.parts()):
            for name, content in part.files(user) if part.files is not None else ():
                archive.writestr(name, content)
    audit_log(actor=user, action="profiles.account.exported", target=user)
    return buffer.getvalue()


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase ``user``: every app erases or scrubs its part (``marketplace.privacy``), then the account.

    What other people keep (references they were given by this person, assignments they
    posted, history, notifications that mention them) stays, with the person's name, email
    addresses and phone number replaced by "a former user".
    """
    found = [n for part in privacy.parts() if part.needles is not None for n in part.needles(user)]
    erasure = privacy.Erasure(needles=sorted({n for n in found if n}, key=len, reverse=True), former=_("a former user"))
    for part in privacy.parts():
        if part.erase is not None:
            part.erase(user, erasure)
    user_pk = user.pk
    user.delete()
    AuditEntry.objects.create(
        action="profiles.account.deleted", target_type=ContentType.objects.get_for_model(User), target_id=str(user_pk)
    )


# --- The profiles' own part ------------------------------------------------------------------------


def export(user: User) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {"profile": None}
    return {
        "profile": privacy.row(profile)
        | {
            "core_qualities": [q.name for q in profile.core_qualities.all()],
            "expertise": [e.name for e in profile.expertise.all()],
            "engagement_forms": [f.code for f in profile.engagement_forms.all()],
            "work_formats": [f.code for f in profile.work_formats.all()],
            "regions": [r.name for r in profile.regions.all()],
            "hidden_from": [o.name for o in profile.hidden_from.all()],
            "experience": [privacy.row(e, {"profile"}) for e in profile.experience.all()],
            "portfolio": [privacy.row(e, {"profile"}) for e in profile.portfolio.all()],
            "share_links": [privacy.row(s, {"profile"}) for s in profile.share_links.all()],
        }
    }


def files(user: User) -> Iterator[tuple[str, bytes]]:
    """The person's uploaded files as (name in the export, content), read from wherever they are
    stored: the local private directory or the shared S3 bucket."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    for field, name in ((profile.cv, "cv.pdf"), (profile.photo, "photo.jpg")):
        if field:
            stream, _size = open_stream(field)
            try:
                yield name, stream.read()
            finally:
                stream.close()


def needles(user: User) -> list[str]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [profile.display_name, profile.contact_email, profile.phone, profile.linkedin_url]


def erase(user: User, erasure: privacy.Erasure) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        for field in (profile.cv, profile.photo):
            if field:
                field.delete(save=False)
        AuditEntry.objects.filter(
            Q(target_type=ContentType.objects.get_for_model(Profile), target_id=str(profile.pk))
            | Q(
                target_type=ContentType.objects.get_for_model(ShareLink),
                target_id__in=[str(pk) for pk in profile.share_links.values_list("pk", flat=True)],
            )
        ).delete()
        profile.delete()
    erasure.scrub(PortfolioEntry, ["reference_by", "reference_text"])


PART = privacy.PersonalData(
    app_label="profiles",
    relations={
        "profiles.Profile.user": "exported (profile, with experience, portfolio, share links, files); deleted",
    },
    personal_fields={
        "profiles.Profile.display_name": "exported (profile), deleted, scrubbed",
        "profiles.Profile.headline": "exported (profile), deleted",
        "profiles.Profile.bio": "exported (profile), deleted",
        "profiles.Profile.job_title": "exported (profile), deleted",
        "profiles.Profile.contact_email": "exported (profile), deleted, scrubbed",
        "profiles.Profile.phone": "exported (profile), deleted, scrubbed",
        "profiles.Profile.linkedin_url": "exported (profile), deleted, scrubbed",
        "profiles.Profile.languages": "exported (profile), deleted",
        "profiles.Profile.photo": "exported (photo.jpg), file deleted",
        "profiles.Profile.cv": "exported (cv.pdf), file deleted",
        "profiles.Profile.quadrant_pitfall": "exported (profile), deleted",
        "profiles.Profile.quadrant_challenge": "exported (profile), deleted",
        "profiles.Profile.quadrant_allergy": "exported (profile), deleted",
        "profiles.Profile.scan_answers": "exported (profile), deleted",
        "profiles.Profile.facet_keys": (
            "the ids of the profile's engagement forms and regions, for the directory's filters: "
            "exported as those (profile), deleted"
        ),
        "profiles.Profile.discreet": "discreet mode (issue 21 item 4): exported (profile), deleted",
        "profiles.Profile.hidden_from": (
            "the organisations the person hides from: exported (hidden_from, by name), deleted"
        ),
        "profiles.PortfolioEntry.title": "exported (portfolio), deleted",
        "profiles.PortfolioEntry.organisation_name": "exported (portfolio), deleted",
        "profiles.PortfolioEntry.description": "exported (portfolio), deleted",
        "profiles.PortfolioEntry.reference_text": "exported (portfolio), deleted; scrubbed where the person wrote it",
        "profiles.PortfolioEntry.reference_by": "the referee's name; scrubbed when the referee is deleted",
        "profiles.ExperienceEntry.title": "exported (experience), deleted",
        "profiles.ExperienceEntry.organisation_name": "exported (experience), deleted",
        "profiles.ExperienceEntry.description": "exported (experience), deleted",
        "profiles.ShareLink.label": "names the opdrachtgever it was made for; exported, deleted",
    },
    not_personal_fields=frozenset(
        {
            "profiles.FieldOfWork.name",
            "profiles.FieldOfWork.slug",
            "profiles.FieldOfWork.name_en",
            "profiles.CoreQuality.name",
            "profiles.CoreQuality.name_en",
            "profiles.CoreQuality.slug",
            "profiles.CoreQuality.pitfall",
            "profiles.CoreQuality.challenge",
            "profiles.CoreQuality.allergy",
            "profiles.Expertise.name",
            "profiles.Expertise.slug",
            "profiles.ShareLink.token_hash",
        }
    ),
    export=export,
    files=files,
    needles=needles,
    erase=erase,
)
