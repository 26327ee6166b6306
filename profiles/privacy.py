"""AVG (GDPR): give people everything stored about them, and erase them on request."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import AuditEntry, Notification, User
from marketplace.services import audit_log
from networks.models import Membership
from profiles.models import Profile

# Every relation to an account, and what the export and the deletion do with it. A test fails
# when a model gains a relation to User that is not listed here, so no personal data is forgotten.
PERSONAL_DATA = {
    "account.EmailAddress.user": "exported (email_addresses); deleted with the account",
    "admin.LogEntry.user": "not exported: staff actions in the admin; deleted with the account",
    "assignments.Assignment.co_owners": "exported (assignments); the link is removed with the account",
    "assignments.Assignment.posted_by": "exported (assignments); set to null, contact details cleared",
    "placements.Interest.professional": "exported (reactions); deleted with the account",
    "matching.Match.invited_by": "not exported: an invitation to someone else; set to null",
    "matching.SavedSearch.user": "exported (saved_searches); deleted with the account",
    "placements.Introduction.planned_by": "not exported: planned by someone else; set to null",
    "placements.Placement.professional": "exported (placements); deleted with the account",
    "placements.Reference.author": "exported (references written); kept for the other side, author set to null",
    "marketplace.AuditEntry.actor": "exported (history); set to null, notes cleared",
    "marketplace.Notification.recipient": "exported (notifications); deleted with the account",
    "marketplace.NotificationPreference.user": "exported (notification_preferences); deleted with the account",
    "mfa.Authenticator.user": "not exported: secrets (TOTP keys, recovery codes); deleted with the account",
    "networks.Employment.user": "exported (employment); deleted with the account",
    "networks.Invitation.invited_by": "not exported: invitations sent to others; set to null",
    "networks.Invitation.used_by": "exported (invitations received); deleted with the account (address in it)",
    "networks.Membership.decided_by": "not exported: a decision about someone else; set to null",
    "networks.Membership.user": "exported (memberships); deleted with the account",
    "networks.Partnership.decided_by": "not exported: a decision between networks; set to null",
    "networks.Partnership.proposed_by": "not exported: a proposal between networks; set to null",
    "profiles.Profile.user": "exported (profile, with experience, portfolio, share links, files); deleted",
    "usersessions.UserSession.user": "exported (sessions); deleted with the account, sessions ended",
}

# Fields never exported: secrets and internal machinery.
_SECRET_FIELDS = {"password", "token", "search_vector", "secret", "data"}


def _row(obj: models.Model, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SECRET_FIELDS or field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        row[field.attname] = value.name if isinstance(value, models.fields.files.FieldFile) else value
    return row


def account_export_data(user: User) -> dict[str, Any]:
    """Everything stored about ``user``, as plain data (no other person's identity)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "account": _row(user, {"is_superuser"}),
        "email_addresses": [_row(e, {"user"}) for e in EmailAddress.objects.filter(user=user)],
        "employment": [_row(e) for e in apps.get_model("networks", "Employment").objects.filter(user=user)],
        "memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "status": m.status,
                "motivation": m.motivation,
                "since": m.created_at,
            }
            for m in Membership.objects.filter(user=user).select_related("network")
        ],
        "sessions": [
            {"ip": s.ip, "user_agent": s.user_agent, "created_at": s.created_at, "last_seen_at": s.last_seen_at}
            for s in UserSession.objects.filter(user=user)
        ],
        "notifications": [
            {"created_at": n.created_at, "kind": n.kind, "subject": n.subject, "body": n.body, "url": n.url}
            for n in Notification.objects.filter(recipient=user)
        ],
        "history": [
            {"created_at": a.created_at, "action": a.action, "from": a.from_state, "to": a.to_state, "note": a.note}
            for a in AuditEntry.objects.filter(actor=user)
        ],
        "assignments": [
            {"code": a.code, "title": a.title, "status": a.status, "created_at": a.created_at}
            for a in apps.get_model("assignments", "Assignment")
            .objects.filter(Q(posted_by=user) | Q(co_owners=user))
            .distinct()
            .order_by("pk")
        ],
        "reactions": [
            {
                "assignment": i.assignment.title,
                "status": i.status,
                "motivation": i.motivation,
                "created_at": i.created_at,
            }
            for i in apps.get_model("placements", "Interest")
            .objects.filter(professional=user)
            .select_related("assignment")
        ],
        "placements": [
            {"assignment": p.assignment.title, "status": p.status, "created_at": p.created_at}
            for p in apps.get_model("placements", "Placement")
            .objects.filter(professional=user)
            .select_related("assignment")
        ],
        "references_written": [
            {"text": r.text, "rating": r.rating, "created_at": r.created_at}
            for r in apps.get_model("placements", "Reference").objects.filter(author=user)
        ],
        "invitations_received": [
            {"network": i.network.name, "email": i.email, "created_at": i.created_at, "used_at": i.used_at}
            for i in apps.get_model("networks", "Invitation").objects.filter(used_by=user).select_related("network")
        ],
        "saved_searches": [
            {"name": s.name, "query": s.query, "created_at": s.created_at}
            for s in apps.get_model("matching", "SavedSearch").objects.filter(user=user)
        ],
        "notification_preferences": [
            _row(p, {"user"}) for p in apps.get_model("marketplace", "NotificationPreference").objects.filter(user=user)
        ],
        "profile": None,
    }
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        data["profile"] = _row(profile) | {
            "core_qualities": [q.name for q in profile.core_qualities.all()],
            "expertise": [e.name for e in profile.expertise.all()],
            "engagement_forms": [f.code for f in profile.engagement_forms.all()],
            "regions": [r.name for r in profile.regions.all()],
            "experience": [_row(e, {"profile"}) for e in profile.experience.all()],
            "portfolio": [_row(e, {"profile"}) for e in profile.portfolio.all()],
            "share_links": [_row(s, {"profile"}) for s in profile.share_links.all()],
        }
    return data


def account_export(*, user: User) -> bytes:
    """A ZIP with ``data.json`` and the person's uploaded files; the export itself is audited."""
    data = account_export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        profile = Profile.objects.filter(user=user).first()
        for field, name in ((profile and profile.cv, "cv.pdf"), (profile and profile.photo, "photo.jpg")):
            if field:
                with field.open("rb") as handle:
                    archive.writestr(name, handle.read())
    audit_log(actor=user, action="profiles.account.exported", target=user)
    return buffer.getvalue()


def _scrub(model: type[models.Model], fields: list[str], needles: list[str], replacement: str) -> None:
    """Replace each needle in the given text columns of rows that contain it (kept by others)."""
    for field in fields:
        for needle in needles:
            model._default_manager.filter(**{f"{field}__contains": needle}).update(
                **{field: Replace(field, models.Value(needle), models.Value(replacement))}
            )


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase ``user``: profile, files, memberships, sessions and personal data.

    What other people keep (references they were given by this person, assignments they
    posted, history, notifications that mention them) stays, with the person's name, email
    addresses and phone number replaced by "a former user".
    """
    profile = Profile.objects.filter(user=user).first()
    needles = [
        n
        for n in {user.full_name, user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
        if n
    ]
    if profile is not None:
        needles += [n for n in (profile.display_name, profile.contact_email, profile.phone, profile.linkedin_url) if n]
        for field in (profile.cv, profile.photo):
            if field:
                field.delete(save=False)
        AuditEntry.objects.filter(
            Q(target_type=ContentType.objects.get_for_model(Profile), target_id=str(profile.pk))
            | Q(
                target_type=ContentType.objects.get_for_model(apps.get_model("profiles", "ShareLink")),
                target_id__in=[str(pk) for pk in profile.share_links.values_list("pk", flat=True)],
            )
        ).delete()
        profile.delete()
    former = _("a former user")
    needles = sorted(set(needles), key=len, reverse=True)
    assignment = apps.get_model("assignments", "Assignment")
    assignment.objects.filter(Q(contact_email__in=needles) | Q(contact_name__in=needles)).update(
        contact_name="", contact_email=""
    )
    _scrub(apps.get_model("profiles", "PortfolioEntry"), ["reference_by", "reference_text"], needles, former)
    _scrub(apps.get_model("placements", "Reference"), ["author_name", "text"], needles, former)
    apps.get_model("networks", "Invitation").objects.filter(Q(used_by=user) | Q(email__in=needles)).delete()
    _scrub(Notification, ["subject", "body", "body_html"], needles, former)
    _scrub(AuditEntry, ["note"], needles, former)
    AuditEntry.objects.filter(actor=user).update(data={}, note="")
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    user_pk = user.pk
    user.delete()
    AuditEntry.objects.create(
        action="profiles.account.deleted", target_type=ContentType.objects.get_for_model(User), target_id=str(user_pk)
    )


# Every free-text, file or structured field of the project's models, classified. A test fails when
# a model gains such a field that is not listed, so a new personal field cannot slip past the
# export and deletion unnoticed. "personal": about an identifiable person (exported with the
# relation above that owns the row; erased or scrubbed on deletion). "not personal": public-sector
# reference data, machinery, or texts about organisations and assignments.
PERSONAL_FIELDS = {
    "marketplace.User.email": "the login; exported (account), deleted",
    "marketplace.User.full_name": "exported (account); deleted, scrubbed from texts others keep",
    "marketplace.User.password": "a hash; never exported, deleted",
    "marketplace.Notification.subject": "may name people; exported (notifications), deleted or scrubbed",
    "marketplace.Notification.body": "may name people; exported (notifications), deleted or scrubbed",
    "marketplace.Notification.body_html": "may name people; deleted or scrubbed",
    "marketplace.Notification.attachments": "calendar invitations naming people; deleted with the recipient",
    "marketplace.AuditEntry.note": "may name people; exported (history), scrubbed",
    "marketplace.AuditEntry.data": "may hold details of a change; cleared for the person's own actions",
    "networks.Employment.email": "the work address; exported (employment), deleted",
    "networks.Membership.motivation": "exported (memberships), deleted",
    "networks.Membership.reason": "a coordinator's reason about the person; deleted with the membership",
    "networks.Invitation.email": "the invitee's address; exported, deleted",
    "networks.Invitation.message": "a message to the invitee; deleted with the invitation",
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
    "profiles.PortfolioEntry.title": "exported (portfolio), deleted",
    "profiles.PortfolioEntry.organisation_name": "exported (portfolio), deleted",
    "profiles.PortfolioEntry.description": "exported (portfolio), deleted",
    "profiles.PortfolioEntry.reference_text": "exported (portfolio), deleted; scrubbed where the person wrote it",
    "profiles.PortfolioEntry.reference_by": "the referee's name; scrubbed when the referee is deleted",
    "profiles.ExperienceEntry.title": "exported (experience), deleted",
    "profiles.ExperienceEntry.organisation_name": "exported (experience), deleted",
    "profiles.ExperienceEntry.description": "exported (experience), deleted",
    "profiles.ShareLink.label": "names the opdrachtgever it was made for; exported, deleted",
    "assignments.Assignment.contact_name": "a contact person; cleared when that person is deleted",
    "assignments.Assignment.contact_email": "a contact person; cleared when that person is deleted",
    "matching.SavedSearch.name": "exported (saved_searches), deleted",
    "matching.SavedSearch.query": "exported (saved_searches), deleted",
    "placements.Interest.motivation": "exported (reactions), deleted",
    "placements.Interest.availability": "exported with the reaction, deleted",
    "placements.Interest.decline_reason": "about the person; deleted with the reaction",
    "placements.Introduction.note": "may name people; deleted with the reaction",
    "placements.ConsentRequest.manager_email": "the leidinggevende's address; deleted with the placement",
    "placements.ConsentRequest.comment": "the leidinggevende's comment; deleted with the placement",
    "placements.Reference.author_name": "the author's name; scrubbed when the author is deleted",
    "placements.Reference.text": "about the professional; deleted with the placement, scrubbed of the author",
}
NOT_PERSONAL_FIELDS = {
    "marketplace.Notification.kind",
    "marketplace.Notification.url",
    "marketplace.AuditEntry.action",
    "marketplace.AuditEntry.target_id",
    "marketplace.AuditEntry.from_state",
    "marketplace.AuditEntry.to_state",
    "networks.Region.slug",
    "networks.Region.name",
    "networks.Organisation.name",
    "networks.Organisation.slug",
    "networks.Organisation.website",
    "networks.OrganisationDomain.domain",
    "networks.Network.name",
    "networks.Network.slug",
    "networks.Network.description",
    "networks.Network.description_en",
    "networks.Network.region",
    "networks.Network.website",
    "networks.Invitation.token_hash",
    "profiles.FieldOfWork.name",
    "profiles.FieldOfWork.slug",
    "profiles.FieldOfWork.name_en",
    "profiles.CoreQuality.name",
    "profiles.CoreQuality.slug",
    "profiles.CoreQuality.name_en",
    "profiles.CoreQuality.pitfall",
    "profiles.CoreQuality.challenge",
    "profiles.CoreQuality.allergy",
    "profiles.Expertise.name",
    "profiles.Expertise.slug",
    "profiles.ShareLink.token",
    "assignments.Assignment.title",
    "assignments.Assignment.summary",
    "assignments.Assignment.description",
    "assignments.Assignment.place",
    "matching.Match.reasons",
    "placements.Introduction.location",
    "placements.Introduction.video_url",
    "placements.ConsentRequest.nonce",
}
