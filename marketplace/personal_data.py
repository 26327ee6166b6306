"""The account's own personal data (user, addresses, sessions, notifications, history), registered
into the privacy registry (``marketplace.privacy``) from ``MarketplaceConfig.ready()``."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.utils import timezone

from marketplace import privacy
from marketplace.models import AuditEntry, Notification, NotificationPreference, User


def export(user: User) -> dict[str, Any]:
    return {
        "exported_at": timezone.now(),
        "account": privacy.row(user, {"is_superuser"}),
        "email_addresses": [privacy.row(e, {"user"}) for e in EmailAddress.objects.filter(user=user)],
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
        "notification_preferences": [
            privacy.row(p, {"user"}) for p in NotificationPreference.objects.filter(user=user)
        ],
    }


def needles(user: User) -> list[str]:
    return [user.full_name, user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]


def erase(user: User, erasure: privacy.Erasure) -> None:
    # Emails to an address without an account (an invitation) go with the address.
    Notification.objects.filter(recipient__isnull=True, email_to__in=erasure.needles).delete()
    erasure.scrub(Notification, ["subject", "body", "body_html"])
    erasure.scrub(AuditEntry, ["note"])
    AuditEntry.objects.filter(actor=user).update(data={}, note="")
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()


PART = privacy.PersonalData(
    app_label="marketplace",
    relations={
        "account.EmailAddress.user": "exported (email_addresses); deleted with the account",
        "admin.LogEntry.user": "not exported: staff actions in the admin; deleted with the account",
        "marketplace.AuditEntry.actor": "exported (history); set to null, notes cleared",
        "marketplace.Notification.recipient": "exported (notifications); deleted with the account",
        "marketplace.NotificationPreference.user": "exported (notification_preferences); deleted with the account",
        "mfa.Authenticator.user": "not exported: secrets (TOTP keys, recovery codes); deleted with the account",
        "usersessions.UserSession.user": "exported (sessions); deleted with the account, sessions ended",
    },
    personal_fields={
        "marketplace.User.email": "the login; exported (account), deleted",
        "marketplace.User.full_name": "exported (account); deleted, scrubbed from texts others keep",
        "marketplace.User.password": "a hash; never exported, deleted",
        "marketplace.Notification.subject": "may name people; exported (notifications), deleted or scrubbed",
        "marketplace.Notification.body": "may name people; exported (notifications), deleted or scrubbed",
        "marketplace.Notification.body_html": "may name people; deleted or scrubbed",
        "marketplace.Notification.attachments": "calendar invitations naming people; deleted with the recipient",
        "marketplace.Notification.email_to": "an address without an account (invitation); deleted on erasure",
        "marketplace.AuditEntry.note": "may name people; exported (history), scrubbed",
        "marketplace.AuditEntry.data": "may hold details of a change; cleared for the person's own actions",
    },
    not_personal_fields=frozenset(
        {
            "marketplace.Notification.kind",
            "marketplace.Notification.url",
            "marketplace.AuditEntry.action",
            "marketplace.AuditEntry.target_id",
            "marketplace.AuditEntry.from_state",
            "marketplace.AuditEntry.to_state",
        }
    ),
    export=export,
    needles=needles,
    erase=erase,
)
