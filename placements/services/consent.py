"""The leidinggevende's consent: a signed, expiring, single-use link, and a reminder.

The link carries a signed (``django.core.signing``) pair of the request's id and a random nonce;
the row records expiry and use, so a link works once and only until it expires. Only the nonce
is stored: the link is rebuilt from it when the email is sent, never kept in the database.
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from assignments.services.status import InvalidTransition
from marketplace.models import User
from marketplace.services import audit_log
from placements.checklist import current_consent
from placements.models import ConsentRequest, Placement
from placements.services.placements import _maybe_start, _require_preparing, _tell_placement

logger = logging.getLogger(__name__)

CONSENT_SALT = "assignments.consent-request"
CONSENT_VALID_DAYS = 14
REMINDER_AFTER_WORKING_DAYS = 3


class ConsentLinkError(Exception):
    """A consent link that cannot be used: ``kind`` is invalid, expired or used."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def consent_token(consent: ConsentRequest) -> str:
    return signing.dumps({"c": consent.pk, "n": consent.nonce}, salt=CONSENT_SALT, compress=True)


def consent_url(consent: ConsentRequest) -> str:
    return reverse("placements:consent-link", args=[consent_token(consent)])


@transaction.atomic
def placement_request_consent(*, placement: Placement, actor: User, manager_email: str) -> ConsentRequest:
    """The professional names their leidinggevende, who gets a signed, expiring, single-use link."""
    _require_preparing(placement)
    manager_email = manager_email.strip().lower()
    if manager_email == placement.professional.email.lower():
        raise ValidationError({"manager_email": _("Give the address of your leidinggevende, not your own.")})
    previous = current_consent(placement)
    if previous is not None and previous.decision == ConsentRequest.Decision.CONSENTED:
        raise InvalidTransition(_("Your leidinggevende has already agreed."))
    placement.consent_requests.filter(decision=ConsentRequest.Decision.PENDING).update(
        decision=ConsentRequest.Decision.REPLACED, updated_at=timezone.now()
    )
    known = User.objects.filter(email__iexact=manager_email).values_list("language", flat=True).first()
    consent = ConsentRequest.objects.create(
        placement=placement,
        manager_email=manager_email,
        language=known or placement.professional.language,
        nonce=secrets.token_urlsafe(32),
        expires_at=timezone.now() + datetime.timedelta(days=CONSENT_VALID_DAYS),
    )
    audit_log(
        actor=actor,
        action="assignments.placement.consent-requested",
        target=placement,
        from_state=previous.decision if previous else "",
        to_state=ConsentRequest.Decision.PENDING,
        data={"manager_email": manager_email},
    )
    transaction.on_commit(lambda: consent_request_dispatch(consent_id=consent.pk))
    return consent


def consent_request_dispatch(*, consent_id: int, reminder: bool = False) -> None:
    """Queue the email to the leidinggevende; a broker failure is logged, the sweep retries."""
    from placements.tasks import consent_request_send_task

    try:
        consent_request_send_task.delay(consent_id, reminder)
    except Exception:  # noqa: BLE001 - any broker error: the periodic sweep sends it later.
        logger.warning("Could not queue consent request %s; the sweep will retry", consent_id)


def consent_request_send(*, consent_id: int, reminder: bool = False) -> bool:
    """Queue (or remind about) one consent request in the outbox, at most once each; whether queued now.

    The email itself goes out through the outbox (``marketplace.services.email_outbox``), with its
    retries and sweep.
    """
    from marketplace.lib.emails import absolute_url
    from marketplace.services import email_outbox

    with transaction.atomic():
        consent = (
            ConsentRequest.objects.select_for_update()
            .select_related("placement__assignment__organisation", "placement__professional")
            .filter(pk=consent_id, decision=ConsentRequest.Decision.PENDING, used_at__isnull=True)
            .first()
        )
        if consent is not None and consent.placement.status != Placement.Status.PREPARING:
            # Checked at send time: a placement cancelled (or past preparing) before the email
            # went out asks no one for consent; recorded in the audit log.
            audit_log(actor=None, action="placements.consent.email_dropped", target=consent.placement)
            return False
        if (
            consent is None
            or consent.is_expired
            or (reminder and consent.reminded_at)
            or (not reminder and consent.sent_at)
        ):
            return False
        placement = consent.placement
        email_outbox(
            to=consent.manager_email,
            kind="placements.consent-request",
            template="placements-consent-request",
            context={
                "consent": consent,
                "placement": placement,
                "assignment": placement.assignment,
                "professional": placement.professional,
                "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
                "url": absolute_url(consent_url(consent)),
                "reminder": reminder,
            },
            language=consent.language,
            url=consent_url(consent),
        )
        consent.reminded_at = timezone.now() if reminder else consent.reminded_at
        consent.sent_at = consent.sent_at or timezone.now()
        consent.save(update_fields=["reminded_at", "sent_at", "updated_at"])
    return True


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """``start`` plus ``days`` working days (Monday to Friday; public holidays are not counted)."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def consent_requests_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send requests never sent (broker down) and remind after three working days."""
    now = now or timezone.now()
    pending = ConsentRequest.objects.filter(
        decision=ConsentRequest.Decision.PENDING, used_at__isnull=True, expires_at__gt=now
    )
    unsent = list(pending.filter(sent_at__isnull=True, created_at__lt=now - datetime.timedelta(minutes=2)))
    for consent in unsent:
        consent_request_dispatch(consent_id=consent.pk)
    reminded = 0
    candidates = pending.filter(
        sent_at__isnull=False, reminded_at__isnull=True, created_at__lte=now - datetime.timedelta(days=3)
    )
    for consent in candidates.iterator(chunk_size=500):
        local = timezone.localtime(consent.created_at)
        if add_working_days(local, REMINDER_AFTER_WORKING_DAYS) <= now:
            consent_request_dispatch(consent_id=consent.pk, reminder=True)
            reminded += 1
    return {"unsent": len(unsent), "reminded": reminded}


def consent_request_from_token(token: str) -> ConsentRequest:
    """The consent request a link points at; raises ``ConsentLinkError`` when it cannot be used."""
    try:
        payload = signing.loads(token, salt=CONSENT_SALT, max_age=datetime.timedelta(days=CONSENT_VALID_DAYS))
    except signing.SignatureExpired as exc:
        raise ConsentLinkError("expired") from exc
    except signing.BadSignature as exc:
        raise ConsentLinkError("invalid") from exc
    consent = (
        ConsentRequest.objects.select_related("placement__assignment__organisation", "placement__professional")
        .filter(pk=payload.get("c"), nonce=payload.get("n"))
        .first()
    )
    return consent_check_usable(consent)


def consent_check_usable(consent: ConsentRequest | None) -> ConsentRequest:
    if consent is None:
        raise ConsentLinkError("invalid")
    if consent.used_at is not None or consent.decision != ConsentRequest.Decision.PENDING:
        raise ConsentLinkError("used")
    if consent.is_expired:
        raise ConsentLinkError("expired")
    return consent


@transaction.atomic
def consent_decide(*, consent: ConsentRequest, consented: bool, comment: str = "") -> ConsentRequest:
    """The leidinggevende agrees or declines (with a comment); the link is used up."""
    locked = consent_check_usable(ConsentRequest.objects.select_for_update().filter(pk=consent.pk).first())
    placement = Placement.objects.select_related("assignment", "professional").get(pk=locked.placement_id)
    if placement.status != Placement.Status.PREPARING:
        raise ConsentLinkError("used")
    locked.decision = ConsentRequest.Decision.CONSENTED if consented else ConsentRequest.Decision.DECLINED
    locked.used_at = timezone.now()
    locked.comment = comment.strip()
    locked.save(update_fields=["decision", "used_at", "comment", "updated_at"])
    audit_log(
        actor=None,
        action=f"assignments.placement.consent-{locked.decision}",
        target=placement,
        from_state=ConsentRequest.Decision.PENDING,
        to_state=locked.decision,
        note=locked.comment,
        data={"manager_email": locked.manager_email},
    )
    event = "consent-given" if consented else "consent-declined"
    _tell_placement(placement, event, actor=None, comment=locked.comment)
    _maybe_start(placement, actor=None)
    return locked
