"""What a placement brought home: the learning record and the home leidinggevende's feedback.

The leidinggevende is asked as for consent (``placements.services.consent``): a signed link
(``django.core.signing``) carrying the request's id and a random nonce, expiring, single use,
opened without an account. Unlike the consent request only the nonce's SHA-256 is stored, so
the link cannot be rebuilt from the database: it exists only in the email. The email goes
through the outbox; a reminder follows once, after ``REMINDER_AFTER_DAYS``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from assignments.services.status import InvalidTransition
from marketplace.models import User
from marketplace.services import audit_log, email_outbox, notify
from networks.models import Employment
from placements.checklist import current_consent, works_independently
from placements.learning import Again, HomeFeedbackRequest, LearningRecord, TeamEffect, Theme
from placements.models import ConsentRequest, Placement
from placements.services.consent import ConsentLinkError
from placements.services.interests import placement_url

HOME_FEEDBACK_SALT = "placements.home-feedback"
HOME_FEEDBACK_VALID_DAYS = 30
REMINDER_AFTER_DAYS = 7


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def home_feedback_token(request: HomeFeedbackRequest, nonce: str) -> str:
    return signing.dumps({"h": request.pk, "n": nonce}, salt=HOME_FEEDBACK_SALT, compress=True)


def home_feedback_url(request: HomeFeedbackRequest, nonce: str) -> str:
    return reverse("placements:home-feedback-link", args=[home_feedback_token(request, nonce)])


def _home_organisation_id(placement: Placement) -> int | None:
    return (
        Employment.objects.filter(user_id=placement.professional_id).values_list("organisation_id", flat=True).first()
    )


def _require_completed(placement: Placement) -> None:
    if placement.status != Placement.Status.COMPLETED:
        raise InvalidTransition(_("This can be done once the placement is completed."))


def _clean_themes(themes: list[str]) -> list[str]:
    unknown = set(themes) - set(Theme.values)
    if unknown:
        raise ValidationError({"themes": _("Choose from the themes offered.")})
    return [value for value in Theme.values if value in themes]


# -- the professional's learning record --------------------------------------------------------------


@transaction.atomic
def learning_record_save(
    *, placement: Placement, actor: User, learned: str, brings_back: str, themes: list[str], again: str
) -> LearningRecord:
    """The professional records, once, what a completed placement taught them and what they bring home.

    Refused before completion, for anyone but the professional, and a second time: an answer is
    given once, so the anonymised summaries of a closed period never change
    (``placements.summaries``).
    """
    _require_completed(placement)
    if actor.pk != placement.professional_id:
        raise ValidationError(_("Only the professional records what they learned."))
    if again not in Again.values:
        raise ValidationError({"again": _("Choose one of the options.")})
    if not learned.strip():
        raise ValidationError({"learned": _("Write in a few words what you learned.")})
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    if LearningRecord.objects.filter(placement=placement).exists():
        raise InvalidTransition(_("You have already recorded what this placement brought you."))
    record = LearningRecord.objects.create(
        placement=placement,
        organisation_id=_home_organisation_id(placement),
        learned=learned.strip(),
        brings_back=brings_back.strip(),
        themes=_clean_themes(themes),
        again=again,
    )
    audit_log(actor=actor, action="placements.learning.recorded", target=placement, to_state=again)
    return record


# -- the home leidinggevende's feedback ----------------------------------------------------------------


def current_home_feedback(placement: Placement) -> HomeFeedbackRequest | None:
    """The latest request that was not replaced by a newer one."""
    return placement.home_feedback_requests.exclude(status=HomeFeedbackRequest.Status.REPLACED).first()


@transaction.atomic
def home_feedback_request(*, placement: Placement, actor: User | None, manager_email: str) -> HomeFeedbackRequest:
    """Ask the home leidinggevende what the completed placement meant for the team.

    ``actor`` is the professional (asking, or asking someone else), or ``None`` when completion
    asks the leidinggevende who gave consent. A pending request is replaced; an answered one
    cannot be asked again.
    """
    _require_completed(placement)
    if actor is not None and actor.pk != placement.professional_id:
        raise ValidationError(_("Only the professional asks their leidinggevende."))
    if works_independently(placement):
        raise ValidationError(_("An independent professional has no leidinggevende to ask."))
    manager_email = manager_email.strip().lower()
    if manager_email == placement.professional.email.lower():
        raise ValidationError({"manager_email": _("Give the address of your leidinggevende, not your own.")})
    previous = current_home_feedback(placement)
    if previous is not None and previous.status == HomeFeedbackRequest.Status.ANSWERED:
        raise InvalidTransition(_("Your leidinggevende has already answered."))
    placement.home_feedback_requests.filter(status=HomeFeedbackRequest.Status.PENDING).update(
        status=HomeFeedbackRequest.Status.REPLACED, updated_at=timezone.now()
    )
    known = User.objects.filter(email__iexact=manager_email).values_list("language", flat=True).first()
    nonce = secrets.token_urlsafe(32)
    request = HomeFeedbackRequest.objects.create(
        placement=placement,
        organisation_id=_home_organisation_id(placement),
        manager_email=manager_email,
        language=known or placement.professional.language,
        nonce_hash=nonce_hash(nonce),
        expires_at=timezone.now() + datetime.timedelta(days=HOME_FEEDBACK_VALID_DAYS),
    )
    audit_log(
        actor=actor,
        action="placements.home-feedback.requested",
        target=placement,
        from_state=previous.status if previous else "",
        to_state=HomeFeedbackRequest.Status.PENDING,
        data={"manager_email": manager_email},
    )
    _send(request, nonce, reminder=False)
    return request


def home_feedback_on_completion(placement: Placement) -> HomeFeedbackRequest | None:
    """On completion: ask the leidinggevende who consented (the professional may ask someone else)."""
    consent = current_consent(placement)
    if consent is None or consent.decision != ConsentRequest.Decision.CONSENTED:
        return None
    return home_feedback_request(placement=placement, actor=None, manager_email=consent.manager_email)


def _send(request: HomeFeedbackRequest, nonce: str, *, reminder: bool) -> None:
    from marketplace.lib.emails import absolute_url

    placement = request.placement
    url = home_feedback_url(request, nonce)
    email_outbox(
        to=request.manager_email,
        kind="placements.home-feedback",
        template="placements-home-feedback",
        context={
            "feedback": request,
            "placement": placement,
            "assignment": placement.assignment,
            "professional": placement.professional,
            "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
            "url": absolute_url(url),
            "reminder": reminder,
        },
        language=request.language,
        url=url,
    )
    now = timezone.now()
    request.sent_at = request.sent_at or now
    request.reminded_at = now if reminder else request.reminded_at
    request.save(update_fields=["sent_at", "reminded_at", "updated_at"])


def home_feedback_sweep(*, now: datetime.datetime | None = None) -> int:
    """Remind once, after ``REMINDER_AFTER_DAYS``, with a fresh link (the old one stops working)."""
    now = now or timezone.now()
    due = HomeFeedbackRequest.objects.filter(
        status=HomeFeedbackRequest.Status.PENDING,
        reminded_at__isnull=True,
        expires_at__gt=now,
        created_at__lte=now - datetime.timedelta(days=REMINDER_AFTER_DAYS),
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(due.iterator(chunk_size=500)):
        with transaction.atomic():
            request = (
                HomeFeedbackRequest.objects.select_for_update()
                .select_related("placement__assignment__organisation", "placement__professional")
                .filter(pk=pk, status=HomeFeedbackRequest.Status.PENDING, reminded_at__isnull=True)
                .first()
            )
            if request is None:
                continue
            # Only the hash is stored, so a reminder carries a new link: the nonce is replaced.
            nonce = secrets.token_urlsafe(32)
            request.nonce_hash = nonce_hash(nonce)
            request.save(update_fields=["nonce_hash", "updated_at"])
            _send(request, nonce, reminder=True)
            audit_log(actor=None, action="placements.home-feedback.reminded", target=request.placement)
            reminded += 1
    return reminded


def home_feedback_from_token(token: str) -> HomeFeedbackRequest:
    """The request a link points at; raises ``ConsentLinkError`` (invalid, expired, used) otherwise."""
    max_age = datetime.timedelta(days=HOME_FEEDBACK_VALID_DAYS)
    try:
        payload = signing.loads(token, salt=HOME_FEEDBACK_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ConsentLinkError("expired") from exc
    except signing.BadSignature as exc:
        raise ConsentLinkError("invalid") from exc
    request = (
        HomeFeedbackRequest.objects.select_related("placement__assignment__organisation", "placement__professional")
        .filter(pk=payload.get("h"), nonce_hash=nonce_hash(str(payload.get("n"))))
        .first()
    )
    return home_feedback_check_usable(request)


def home_feedback_check_usable(request: HomeFeedbackRequest | None) -> HomeFeedbackRequest:
    if request is None:
        raise ConsentLinkError("invalid")
    if request.answered_at is not None or request.status != HomeFeedbackRequest.Status.PENDING:
        raise ConsentLinkError("used")
    if request.is_expired:
        raise ConsentLinkError("expired")
    return request


@transaction.atomic
def home_feedback_answer(
    *, request: HomeFeedbackRequest, effect: str, themes: list[str], support_again: str, comment: str = ""
) -> HomeFeedbackRequest:
    """The leidinggevende answers; the link is used up and the professional is told."""
    locked = home_feedback_check_usable(HomeFeedbackRequest.objects.select_for_update().filter(pk=request.pk).first())
    if effect not in TeamEffect.values:
        raise ValidationError({"effect": _("Choose one of the options.")})
    if support_again not in Again.values:
        raise ValidationError({"support_again": _("Choose one of the options.")})
    locked.effect = effect
    locked.themes = _clean_themes(themes)
    locked.support_again = support_again
    locked.comment = comment.strip()
    locked.status = HomeFeedbackRequest.Status.ANSWERED
    locked.answered_at = timezone.now()
    locked.save()
    placement = Placement.objects.select_related("assignment", "professional").get(pk=locked.placement_id)
    audit_log(
        actor=None,
        action="placements.home-feedback.answered",
        target=placement,
        from_state=HomeFeedbackRequest.Status.PENDING,
        to_state=HomeFeedbackRequest.Status.ANSWERED,
        data={"manager_email": locked.manager_email},
    )
    _tell_professional(placement)
    return locked


def _tell_professional(placement: Placement) -> Any:
    return notify(
        recipient=placement.professional,
        kind="assignments.placement.home-feedback-answered",
        template="placements-home-feedback-answered",
        context={"placement": placement, "assignment": placement.assignment},
        url=placement_url(placement),
    )
