"""Shared services: the audit log and notifications (in-app and by email)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import models, transaction
from django.utils import timezone

from marketplace import hooks
from marketplace.lib.emails import absolute_url, render_email
from marketplace.lib.unsubscribe import unsubscribe_headers
from marketplace.models import AuditEntry, Notification, NotificationPreference, User

logger = logging.getLogger(__name__)


def audit_log(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a change: ``action`` is dotted, e.g. ``networks.membership.admitted``.

    With ``AUDIT_ACTIONS_STRICT`` (the tests) an action without registered words is refused.
    """
    if getattr(settings, "AUDIT_ACTIONS_STRICT", False) and action not in hooks.audit_action_labels():
        raise ValueError(f"Audit action {action!r} has no words: register it (marketplace.hooks).")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def audit_history(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The recorded history of one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def notify(
    *,
    recipient: User,
    kind: str,
    template: str,
    context: dict[str, Any],
    url: str = "",
    email: bool = True,
    attachments: list[dict[str, str]] | None = None,
) -> Notification:
    """Tell one person something, in the app and (unless ``email`` is false) by email.

    Rendered in the recipient's language. The email is sent by a worker after the surrounding
    transaction commits; if the broker is down, the periodic dispatcher sends it later.
    """
    rendered = render_email(template, {"recipient": recipient, "url": absolute_url(url), **context}, recipient.language)
    wants_email = email and recipient.is_active
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        **asdict(rendered),
        url=url,
        attachments=attachments or [],
        email_status=Notification.EmailStatus.PENDING if wants_email else Notification.EmailStatus.NONE,
    )
    if wants_email:
        transaction.on_commit(lambda: notification_dispatch(notification_id=notification.pk))
    return notification


def email_outbox(
    *, to: str, kind: str, template: str, context: dict[str, Any], language: str, url: str = ""
) -> Notification:
    """Email an address without an account through the outbox: sent after commit, retried, swept.

    ``url`` is the path the email is about: the send-time check of its kind opens it as a visitor.
    """
    rendered = render_email(template, {"recipient": None, **context}, language)
    notification = Notification.objects.create(
        recipient=None,
        email_to=to,
        kind=kind,
        **asdict(rendered),
        url=url,
        email_status=Notification.EmailStatus.PENDING,
    )
    transaction.on_commit(lambda: notification_dispatch(notification_id=notification.pk))
    return notification


def notification_dispatch(*, notification_id: int) -> None:
    """Queue the email of one notification; a broker failure is logged, never raised."""
    from marketplace.tasks import send_notification_email_task

    try:
        send_notification_email_task.delay(notification_id)
    except Exception:  # noqa: BLE001 - any broker error: the sweep retries later.
        logger.warning("Could not queue email for notification %s; the sweep will retry", notification_id)


def _build_message(notification: Notification, connection: Any) -> EmailMultiAlternatives:
    address = notification.email_to
    if not address:
        assert notification.recipient is not None  # an email to no account names its address
        address = notification.recipient.email
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        to=[address],
        connection=connection,
        headers=notification_headers(notification),
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for item in notification.attachments:
        message.attach(item["filename"], item["content"], item.get("mimetype", "text/plain"))
    return message


def notification_headers(notification: Notification) -> dict[str, str]:
    """Headers of a notification's email; alerts also carry the one-click unsubscribe headers.

    The Message-ID is the notification's own, so an email sent again (after a worker died
    mid-batch) is the same message to the receiving servers and mail programs, which show it once.
    """
    return {
        "Message-ID": f"<{notification.code}@{_message_id_domain()}>",
        "X-Klusmarkt-Kind": notification.kind,
        **(unsubscribe_headers(notification.recipient_id, notification.kind) if notification.recipient_id else {}),
    }


def _message_id_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or DNS_NAME.get_fqdn()


# After this many failed SMTP attempts (task retries and sweeps together) a notification's email
# is marked failed for staff to see, so a poison message cannot loop for ever.
EMAIL_MAX_ATTEMPTS = 12


def notification_send_email(*, notification_id: int) -> bool:
    """Send the email of one notification exactly once; return whether it was sent now.

    The row is locked while sending, so two workers never both send it; a row already sent
    (a redelivered task) is left alone. A failed attempt is counted and then re-raised, so the
    task retries; a worker killed mid-send rolls back and the row stays pending for the sweep
    (at least once: an email accepted by SMTP just before the kill is sent again).
    """
    error: Exception | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING)
            .first()
        )
        if notification is None or not _emails_allowed([notification]):
            return False
        notification.email_attempts += 1
        try:
            _build_message(notification, get_connection()).send()
        except Exception as exc:  # noqa: BLE001 - counted here, re-raised below for the retry.
            error = exc
            if notification.email_attempts >= EMAIL_MAX_ATTEMPTS:
                notification.email_status = Notification.EmailStatus.FAILED
                logger.error("Giving up on the email of notification %s: %s", notification.pk, exc)
        else:
            notification.email_status = Notification.EmailStatus.SENT
            notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_status", "email_attempts", "emailed_at", "updated_at"])
        if notification.email_status == Notification.EmailStatus.SENT and notification.email_to:
            _clear_sent_addressless([notification.pk])
    if error is not None and notification.email_status == Notification.EmailStatus.PENDING:
        raise error
    return error is None


def notifications_send_batch(*, notification_ids: Sequence[int]) -> int:
    """Send the pending emails of ``notification_ids`` over ONE connection; return how many were sent.

    A fixed number of queries, whatever the batch size: one transaction claims the batch in one
    query (rows locked, skipping rows another worker holds, only while still pending), runs the
    registered email checks (``marketplace.hooks``), sends, and marks what the server accepted
    as sent in one UPDATE. A redelivered or concurrent task therefore never sends one twice. On
    an SMTP error the rows sent so far are marked sent and committed, and the error is raised
    for the task to retry the rest. A worker killed mid-batch (SIGKILL, power loss) rolls the
    claim back, so the whole batch is sent again: the messages it had already handed to the
    server go out twice (at most the batch size less one) rather than being lost.
    """
    ids = sorted(set(notification_ids))
    if not ids:
        return 0
    error: Exception | None = None
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk__in=ids, email_status=Notification.EmailStatus.PENDING)
            .order_by("pk")
        )
        sent, error = _send_over_one_connection(_emails_allowed(claimed))
        if sent:
            now = timezone.now()
            Notification.objects.filter(pk__in=sent).update(
                email_status=Notification.EmailStatus.SENT,
                emailed_at=now,
                updated_at=now,
                email_attempts=models.F("email_attempts") + 1,
            )
            _clear_sent_addressless([n.pk for n in claimed if n.email_to and n.pk in sent])
    if error is not None:
        raise error
    return len(sent)


def _clear_sent_addressless(ids: list[int]) -> None:
    """Forget the text of sent emails to addresses without an account: it may hold a one-time link."""
    if ids:
        Notification.objects.filter(pk__in=ids, recipient__isnull=True).update(body="", body_html="", url="")


def _send_over_one_connection(notifications: list[Notification]) -> tuple[list[int], Exception | None]:
    """Send each message over one connection; the ids the server accepted, and the error that stopped it."""
    sent: list[int] = []
    if not notifications:
        return sent, None
    connection = get_connection()
    try:
        connection.open()
        for notification in notifications:
            _build_message(notification, connection).send()
            sent.append(notification.pk)
    except Exception as exc:  # noqa: BLE001 - returned: the accepted rows are marked before it is raised.
        return sent, exc
    finally:
        try:
            connection.close()
        except Exception:
            # The messages were accepted; a failed QUIT must not undo marking them sent.
            logger.warning("Could not close the email connection cleanly", exc_info=True)
    return sent, None


def _emails_allowed(notifications: list[Notification]) -> list[Notification]:
    """The notifications whose email the registered checks still allow; the others get no email."""
    refused: set[int] = set()
    for kind_prefix, check in hooks.email_checks():
        ids = [n.pk for n in notifications if n.kind.startswith(kind_prefix)]
        if ids:
            allowed = set(check(ids))
            refused.update(pk for pk in ids if pk not in allowed)
    if not refused:
        return notifications
    Notification.objects.filter(pk__in=refused, email_status=Notification.EmailStatus.PENDING).update(
        email_status=Notification.EmailStatus.NONE, updated_at=timezone.now()
    )
    # Recorded: who was not mailed what, and why (the recipient may no longer see what it names).
    content_type = ContentType.objects.get_for_model(Notification)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action="marketplace.notification.email_dropped",
            target_type=content_type,
            target_id=str(n.pk),
            from_state=Notification.EmailStatus.PENDING,
            to_state=Notification.EmailStatus.NONE,
            data={"kind": n.kind, "recipient": n.recipient_id},
        )
        for n in notifications
        if n.pk in refused
    )
    for notification in notifications:
        if notification.pk in refused:
            notification.email_status = Notification.EmailStatus.NONE
    return [n for n in notifications if n.pk not in refused]


def notifications_dispatch_pending(*, older_than_seconds: int = 120) -> int:
    """Queue every pending email that has waited too long (the broker was down, a worker died)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(Notification.objects.email_pending().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:5000])
    for notification_id in ids:
        notification_dispatch(notification_id=notification_id)
    return len(ids)


def notification_mark_read(*, recipient: User, notification: Notification | None = None) -> int:
    qs = recipient.notifications.unread()
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: User, actor: User | None, **paces: str) -> NotificationPreference:
    """Set how often ``user`` hears of ``matches`` and/or ``saved_searches`` (a pace each)."""
    unknown = set(paces) - set(NotificationPreference.TOPICS)
    if unknown or not set(paces.values()) <= set(NotificationPreference.Pace.values):
        raise ValueError(f"Unknown topic or pace: {paces!r}")
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    before = {topic: getattr(preference, topic) for topic in paces}
    for topic, pace in paces.items():
        setattr(preference, topic, pace)
    preference.save(update_fields=[*paces, "updated_at"])
    if before != paces:
        audit_log(
            actor=actor,
            action="marketplace.notification_preference.changed",
            target=preference,
            data={"before": before, "after": paces},
        )
    return preference


def notification_preference_for(user: User) -> NotificationPreference:
    """The person's preferences (unsaved defaults when they never chose)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
