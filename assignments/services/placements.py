"""The workflow from reaction to reference: reactions, introductions, placements, consent, references.

Every state change of a reaction (``Interest``) or ``Placement`` goes through a function here,
is refused with a clear message when not allowed, is recorded with ``audit_log`` and tells the
other side with ``notify``. Status changes of the assignment itself go through
``assignment_transition``.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Assignment, ConsentRequest, Interest, Introduction, Placement, Reference
from assignments.services.status import InvalidTransition, assignment_transition
from marketplace.models import User
from marketplace.services import audit_log, notify
from networks.selectors import viewer_for
from profiles.models import EngagementForm, PortfolioEntry, Profile

logger = logging.getLogger(__name__)

CONSENT_SALT = "assignments.consent-request"
CONSENT_VALID_DAYS = 14
REMINDER_AFTER_WORKING_DAYS = 3
# Reactions can be worked through while the assignment is published and not yet finished.
WORKABLE = {Assignment.Status.OPEN, Assignment.Status.CLOSED, Assignment.Status.FILLED}
SELECTABLE = {Assignment.Status.OPEN, Assignment.Status.CLOSED}


class ConsentLinkError(Exception):
    """A consent link that cannot be used: ``kind`` is invalid, expired or used."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# -- helpers ---------------------------------------------------------------------------------


def assignment_owners(assignment: Assignment) -> list[User]:
    """The opdrachtgever side: the poster and the co-owners, active accounts only."""
    owners = {u.pk: u for u in assignment.co_owners.filter(is_active=True)}
    if assignment.posted_by is not None and assignment.posted_by.is_active:
        owners[assignment.posted_by_id] = assignment.posted_by
    return list(owners.values())


def is_owner(user: User | Any, assignment: Assignment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return assignment.posted_by_id == user.pk or assignment.co_owners.filter(pk=user.pk).exists()


def interest_url(interest: Interest) -> str:
    return reverse("assignments:interest-detail", args=[interest.assignment.code, interest.code])


def placement_url(placement: Placement) -> str:
    return reverse("assignments:placement-detail", args=[placement.code])


def _notify_all(recipients: list[User], *, kind: str, template: str, context: dict[str, Any], url: str) -> None:
    for recipient in recipients:
        notify(recipient=recipient, kind=kind, template=template, context=context, url=url)


def _move_interest(interest: Interest, to: str, *, actor: User | None, note: str = "") -> Interest:
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if not locked.can_move_to(to):
        raise InvalidTransition(
            _("A reaction that is %(current)s cannot become %(target)s.")
            % {"current": locked.get_status_display(), "target": Interest.Status(to).label}
        )
    previous = locked.status
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor, action=f"assignments.interest.{to}", target=locked, from_state=previous, to_state=to, note=note
    )
    interest.status = to
    return interest


def _move_placement(placement: Placement, to: str, *, actor: User | None, note: str = "", **fields: Any) -> Placement:
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if not locked.can_move_to(to):
        raise InvalidTransition(
            _("A placement that is %(current)s cannot become %(target)s.")
            % {"current": locked.get_status_display(), "target": Placement.Status(to).label}
        )
    previous = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(placement, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    audit_log(
        actor=actor, action=f"assignments.placement.{to}", target=locked, from_state=previous, to_state=to, note=note
    )
    placement.status = to
    return placement


def _require_workable(interest: Interest, statuses: set[str] = WORKABLE) -> None:
    assignment = interest.assignment
    if assignment.status not in statuses:
        raise InvalidTransition(
            _("This assignment is %(status)s: its reactions can no longer be changed.")
            % {"status": assignment.get_status_display()}
        )


# -- reactions ---------------------------------------------------------------------------------


@transaction.atomic
def interest_create(*, assignment: Assignment, professional: User, motivation: str, availability: str) -> Interest:
    """React to an open assignment. Refused when it is not open, for owners and for the unverified."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.OPEN:
        raise ValidationError(_("This assignment is not open for reactions."))
    if not viewer_for(professional).is_verified:
        raise ValidationError(_("Only verified civil servants can react to an assignment."))
    if is_owner(professional, locked):
        raise ValidationError(_("You cannot react to your own assignment."))
    live = locked.interests.filter(professional=professional).exclude(status=Interest.Status.WITHDRAWN)
    if live.exists():
        raise ValidationError(_("You have already reacted to this assignment."))
    if not motivation.strip():
        raise ValidationError({"motivation": _("Please tell why you want this assignment.")})
    interest = Interest.objects.create(
        assignment=locked, professional=professional, motivation=motivation.strip(), availability=availability.strip()
    )
    audit_log(actor=professional, action="assignments.interest.new", target=interest, to_state=Interest.Status.NEW)
    _notify_all(
        assignment_owners(locked),
        kind="assignments.interest.new",
        template="workflow-interest-new",
        context={"assignment": locked, "interest": interest, "professional": professional},
        url=interest_url(interest),
    )
    return interest


@transaction.atomic
def interest_withdraw(*, interest: Interest, actor: User) -> Interest:
    """The professional withdraws their own reaction while it is still open."""
    if interest.status == Interest.Status.SELECTED:
        raise InvalidTransition(_("You were selected: cancel the placement instead of withdrawing."))
    _move_interest(interest, Interest.Status.WITHDRAWN, actor=actor)
    _notify_all(
        assignment_owners(interest.assignment),
        kind="assignments.interest.withdrawn",
        template="workflow-interest-withdrawn",
        context={"assignment": interest.assignment, "interest": interest, "professional": interest.professional},
        url=interest_url(interest),
    )
    return interest


def _tell_professional(interest: Interest, event: str, **extra: Any) -> None:
    notify(
        recipient=interest.professional,
        kind=f"assignments.interest.{event}",
        template="workflow-interest-status",
        context={"assignment": interest.assignment, "interest": interest, "event": event, **extra},
        url=interest_url(interest),
    )


@transaction.atomic
def interest_shortlist(*, interest: Interest, actor: User) -> Interest:
    """The opdrachtgever puts a reaction on the shortlist."""
    _require_workable(interest)
    _move_interest(interest, Interest.Status.SHORTLISTED, actor=actor)
    _tell_professional(interest, "shortlisted")
    return interest


@transaction.atomic
def interest_decline(*, interest: Interest, actor: User, reason: str) -> Interest:
    """The opdrachtgever declines a reaction with a reason; the professional is told politely."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; the professional will read it.")})
    _require_workable(interest)
    _move_interest(interest, Interest.Status.DECLINED, actor=actor, note=reason.strip())
    interest.decline_reason = reason.strip()
    interest.save(update_fields=["decline_reason", "updated_at"])
    _tell_professional(interest, "declined", reason=interest.decline_reason)
    return interest


def introduction_ics(introduction: Introduction, *, language: str) -> str:
    """An iCalendar (RFC 5545) event for one introduction, in ``language``."""

    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    def utc(value: datetime.datetime) -> str:
        return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    assignment = introduction.interest.assignment
    with translation.override(language):
        summary = _("Introduction: %(title)s") % {"title": assignment.title}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Klusmarkt//Kennismaking//NL",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{introduction.code}@klusmarkt",
        f"DTSTAMP:{utc(introduction.created_at)}",
        f"DTSTART:{utc(introduction.starts_at)}",
        f"DTEND:{utc(introduction.ends_at)}",
        f"SUMMARY:{esc(summary)}",
        f"LOCATION:{esc(introduction.location or introduction.video_url)}",
        f"DESCRIPTION:{esc(introduction.note)}",
    ]
    if introduction.video_url:
        lines.append(f"URL:{esc(introduction.video_url)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


@transaction.atomic
def introduction_plan(
    *,
    interest: Interest,
    actor: User,
    starts_at: datetime.datetime,
    duration_minutes: int = 45,
    location: str = "",
    video_url: str = "",
    note: str = "",
) -> Introduction:
    """Plan an introduction; the professional and the planner get it with an .ics attachment."""
    _require_workable(interest)
    if not (location.strip() or video_url.strip()):
        raise ValidationError({"location": _("Give a place or a video link.")})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a moment in the future.")})
    _move_interest(interest, Interest.Status.INTRODUCTION, actor=actor, note=starts_at.isoformat())
    introduction = Introduction.objects.create(
        interest=interest,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_url=video_url.strip(),
        note=note.strip(),
        planned_by=actor,
    )
    for recipient in {interest.professional.pk: interest.professional, actor.pk: actor}.values():
        ics = introduction_ics(introduction, language=recipient.language)
        notify(
            recipient=recipient,
            kind="assignments.introduction.planned",
            template="workflow-introduction",
            context={"assignment": interest.assignment, "interest": interest, "introduction": introduction},
            url=interest_url(interest),
            attachments=[{"filename": "kennismaking.ics", "content": ics, "mimetype": "text/calendar"}],
        )
    return introduction


def _placement_defaults(assignment: Assignment) -> dict[str, Any]:
    forms = list(assignment.engagement_forms.all()[:2])
    pro_bono = assignment.compensation == Assignment.Compensation.PRO_BONO
    return {
        "engagement_form": forms[0] if len(forms) == 1 else None,
        "hours_per_week": assignment.hours_per_week,
        "start_date": assignment.start_date,
        "end_date": assignment.end_date,
        "rate": None if pro_bono else assignment.rate,
        "pro_bono": pro_bono,
    }


@transaction.atomic
def interest_select(*, interest: Interest, actor: User) -> Placement:
    """Select a reaction: opens a placement; when the places are filled, the others are told."""
    assignment = Assignment.objects.select_for_update().get(pk=interest.assignment_id)
    interest.assignment = assignment
    _require_workable(interest, SELECTABLE)
    taken = assignment.placements.exclude(status=Placement.Status.CANCELLED).count()
    if taken >= assignment.places:
        raise InvalidTransition(_("All places of this assignment are already filled."))
    _move_interest(interest, Interest.Status.SELECTED, actor=actor)
    placement = Placement.objects.create(
        interest=interest, assignment=assignment, professional=interest.professional, **_placement_defaults(assignment)
    )
    audit_log(actor=actor, action="assignments.placement.preparing", target=placement, to_state=placement.status)
    _tell_professional(interest, "selected", placement=placement, placement_url=placement_url(placement))
    if taken + 1 >= assignment.places:
        assignment_transition(assignment=assignment, to=Assignment.Status.FILLED, actor=actor)
        for other in assignment.interests.filter(status__in=Interest.OPEN_STATUSES).select_related("professional"):
            other.assignment = assignment
            _move_interest(other, Interest.Status.NOT_SELECTED, actor=actor)
            _tell_professional(other, "not-selected")
    return placement


# -- placements ---------------------------------------------------------------------------------


def placement_side(placement: Placement, user: User | Any) -> str | None:
    """``"professional"``, ``"client"`` (poster or co-owner) or ``None`` for anyone else."""
    if getattr(user, "pk", None) == placement.professional_id:
        return "professional"
    if is_owner(user, placement.assignment):
        return "client"
    return None


def _tell_placement(placement: Placement, event: str, *, actor: User | None, **extra: Any) -> None:
    """Tell both sides (except the actor) about a placement event."""
    recipients = [placement.professional, *assignment_owners(placement.assignment)]
    context = {"assignment": placement.assignment, "placement": placement, "event": event, **extra}
    seen: set[int] = set()
    for recipient in recipients:
        if recipient.pk in seen or (actor is not None and recipient.pk == actor.pk):
            continue
        seen.add(recipient.pk)
        notify(
            recipient=recipient,
            kind=f"assignments.placement.{event}",
            template="workflow-placement-update",
            context={**context, "for_professional": recipient.pk == placement.professional_id},
            url=placement_url(placement),
        )


def _require_preparing(placement: Placement) -> None:
    if placement.status != Placement.Status.PREPARING:
        raise InvalidTransition(
            _("This placement is %(status)s: this can only be done while it is being arranged.")
            % {"status": placement.get_status_display()}
        )


def current_consent(placement: Placement) -> ConsentRequest | None:
    """The latest consent request that was not replaced by a newer one."""
    return placement.consent_requests.exclude(decision=ConsentRequest.Decision.REPLACED).first()


def consent_token(consent: ConsentRequest) -> str:
    return signing.dumps({"c": consent.pk, "n": consent.nonce}, salt=CONSENT_SALT, compress=True)


def consent_url(consent: ConsentRequest) -> str:
    return reverse("assignments:consent-link", args=[consent_token(consent)])


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
    from assignments.tasks_workflow import consent_request_send_task

    try:
        consent_request_send_task.delay(consent_id, reminder)
    except Exception:  # noqa: BLE001 - any broker error: the periodic sweep sends it later.
        logger.warning("Could not queue consent request %s; the sweep will retry", consent_id)


def consent_request_send(*, consent_id: int, reminder: bool = False) -> bool:
    """Send (or remind about) one consent request, at most once each; return whether sent now."""
    from django.core.mail import EmailMultiAlternatives

    from marketplace.lib.emails import absolute_url, render_email

    with transaction.atomic():
        consent = (
            ConsentRequest.objects.select_for_update()
            .select_related("placement__assignment__organisation", "placement__professional")
            .filter(pk=consent_id, decision=ConsentRequest.Decision.PENDING, used_at__isnull=True)
            .first()
        )
        if (
            consent is None
            or consent.is_expired
            or (reminder and consent.reminded_at)
            or (not reminder and consent.sent_at)
        ):
            return False
        placement = consent.placement
        rendered = render_email(
            "workflow-consent-request",
            {
                "consent": consent,
                "placement": placement,
                "assignment": placement.assignment,
                "professional": placement.professional,
                "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
                "url": absolute_url(consent_url(consent)),
                "reminder": reminder,
            },
            consent.language,
        )
        message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.body, to=[consent.manager_email])
        message.attach_alternative(rendered.body_html, "text/html")
        message.send()
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


@transaction.atomic
def placement_record_side_activity(*, placement: Placement, actor: User, value: str) -> Placement:
    """The professional records whether the side activity was reported to their employer."""
    _require_preparing(placement)
    if value not in Placement.SideActivity.values:
        raise ValidationError({"side_activity": _("Choose one of the options.")})
    previous = placement.side_activity
    placement.side_activity = value
    placement.save(update_fields=["side_activity", "updated_at"])
    audit_log(
        actor=actor,
        action="assignments.placement.side-activity",
        target=placement,
        from_state=previous,
        to_state=value,
    )
    _maybe_start(placement, actor=actor)
    return placement


TERMS_FIELDS = ["engagement_form", "hours_per_week", "start_date", "end_date", "rate", "pro_bono"]


@transaction.atomic
def placement_set_terms(
    *,
    placement: Placement,
    actor: User,
    engagement_form: EngagementForm,
    hours_per_week: int,
    start_date: datetime.date,
    end_date: datetime.date | None,
    rate: Decimal | None,
    pro_bono: bool,
) -> Placement:
    """Either side proposes the terms; any change asks both sides to confirm again."""
    _require_preparing(placement)
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    if not pro_bono and rate is None:
        raise ValidationError({"rate": _("Give a rate, or choose pro bono.")})
    values = {
        "engagement_form": engagement_form,
        "hours_per_week": hours_per_week,
        "start_date": start_date,
        "end_date": end_date,
        "rate": None if pro_bono else rate,
        "pro_bono": pro_bono,
    }
    for name, value in values.items():
        setattr(placement, name, value)
    placement.terms_confirmed_by_professional_at = None
    placement.terms_confirmed_by_client_at = None
    placement.full_clean(exclude=["interest", "assignment", "professional"])
    placement.save(
        update_fields=[
            *TERMS_FIELDS,
            "terms_confirmed_by_professional_at",
            "terms_confirmed_by_client_at",
            "updated_at",
        ]
    )
    audit_log(actor=actor, action="assignments.placement.terms-proposed", target=placement)
    _tell_placement(placement, "terms-proposed", actor=actor)
    return placement


@transaction.atomic
def placement_confirm_terms(*, placement: Placement, actor: User) -> Placement:
    """One side confirms the terms as they stand; the placement runs once everything is green."""
    _require_preparing(placement)
    if not placement.has_terms:
        raise ValidationError(_("The terms are not complete yet: fill them in first."))
    side = placement_side(placement, actor)
    field = f"terms_confirmed_by_{side}_at"
    if side is None or getattr(placement, field):
        raise InvalidTransition(_("You have already confirmed these terms."))
    setattr(placement, field, timezone.now())
    placement.save(update_fields=[field, "updated_at"])
    audit_log(actor=actor, action=f"assignments.placement.terms-confirmed-by-{side}", target=placement)
    _tell_placement(placement, "terms-confirmed", actor=actor)
    _maybe_start(placement, actor=actor)
    return placement


def placement_blockers(placement: Placement) -> list[str]:
    """What still stands between a placement being arranged and it running, in words."""
    blockers = []
    consent = current_consent(placement)
    if consent is None or consent.decision != ConsentRequest.Decision.CONSENTED:
        blockers.append(_("the leidinggevende has not agreed yet"))
    if placement.side_activity not in (Placement.SideActivity.REPORTED, Placement.SideActivity.NOT_NEEDED):
        blockers.append(_("the side activity has not been reported to the employer"))
    if not placement.terms_confirmed:
        blockers.append(_("both sides have not confirmed the terms yet"))
    return blockers


def _maybe_start(placement: Placement, *, actor: User | None) -> None:
    if placement.status == Placement.Status.PREPARING and not placement_blockers(placement):
        _move_placement(placement, Placement.Status.RUNNING, actor=actor, started_at=timezone.now())
        _tell_placement(placement, "started", actor=None)


@transaction.atomic
def placement_complete(*, placement: Placement, actor: User) -> Placement:
    """Either side marks a running placement completed; both are asked for a reference."""
    _move_placement(placement, Placement.Status.COMPLETED, actor=actor, completed_at=timezone.now())
    _tell_placement(placement, "completed", actor=None)
    assignment = Assignment.objects.select_for_update().get(pk=placement.assignment_id)
    unfinished = assignment.placements.filter(status__in=[Placement.Status.PREPARING, Placement.Status.RUNNING])
    if assignment.status in (Assignment.Status.FILLED, Assignment.Status.CLOSED) and not unfinished.exists():
        assignment_transition(assignment=assignment, to=Assignment.Status.COMPLETED, actor=actor)
    return placement


@transaction.atomic
def placement_cancel(*, placement: Placement, actor: User, reason: str) -> Placement:
    """Either side stops a placement; a filled assignment opens again for the freed place."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    _move_placement(placement, Placement.Status.CANCELLED, actor=actor, note=reason.strip())
    _tell_placement(placement, "cancelled", actor=actor, reason=reason.strip())
    assignment = Assignment.objects.select_for_update().get(pk=placement.assignment_id)
    if assignment.status == Assignment.Status.FILLED:
        assignment_transition(
            assignment=assignment, to=Assignment.Status.OPEN, actor=actor, note=_("A placement was cancelled.")
        )
    return placement


# -- references ---------------------------------------------------------------------------------


@transaction.atomic
def reference_give(*, placement: Placement, actor: User, text: str, rating: int) -> Reference:
    """A side of a completed placement gives its reference about the other side.

    The opdrachtgever's reference about the professional also becomes a portfolio entry that
    shows on the profile once the professional accepts it.
    """
    if placement.status != Placement.Status.COMPLETED:
        raise InvalidTransition(_("A reference can be given once the placement is completed."))
    side = placement_side(placement, actor)
    if side is None:
        raise ValidationError(_("Only the people involved can give a reference."))
    direction = Reference.Direction.ABOUT_CLIENT if side == "professional" else Reference.Direction.ABOUT_PROFESSIONAL
    if placement.references.filter(direction=direction).exists():
        raise InvalidTransition(_("This reference has already been given."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    organisation = placement.assignment.organisation.name
    author_name = actor.get_full_name() if side == "professional" else f"{actor.get_full_name()}, {organisation}"
    reference = Reference.objects.create(
        placement=placement,
        direction=direction,
        author=actor,
        author_name=author_name,
        text=text.strip(),
        rating=rating,
    )
    if direction == Reference.Direction.ABOUT_PROFESSIONAL:
        _portfolio_entry(reference)
    audit_log(actor=actor, action="assignments.reference.given", target=placement, to_state=direction)
    _tell_placement(placement, "reference-given", actor=actor, reference=reference)
    return reference


def _portfolio_entry(reference: Reference) -> PortfolioEntry | None:
    placement = reference.placement
    profile = Profile.objects.filter(user_id=placement.professional_id).first()
    if profile is None:
        return None
    entry, _created = PortfolioEntry.objects.update_or_create(
        profile=profile,
        placement_code=placement.code,
        defaults={
            "title": placement.assignment.title,
            "organisation_name": placement.assignment.organisation.name,
            "started_on": placement.start_date,
            "ended_on": timezone.localdate(placement.completed_at) if placement.completed_at else None,
            "reference_text": reference.text,
            "reference_rating": reference.rating,
            "reference_by": reference.author_name,
        },
    )
    return entry


@transaction.atomic
def reference_accept(*, reference: Reference, actor: User) -> PortfolioEntry:
    """The professional accepts the reference about them: it shows on their portfolio."""
    placement = reference.placement
    if reference.direction != Reference.Direction.ABOUT_PROFESSIONAL or actor.pk != placement.professional_id:
        raise ValidationError(_("Only the professional can put this reference on their portfolio."))
    entry = _portfolio_entry(reference)
    if entry is None:
        raise ValidationError(_("Create your profile first; then you can add this reference to your portfolio."))
    if entry.is_accepted:
        raise InvalidTransition(_("This reference is already on your portfolio."))
    entry.is_accepted = True
    entry.save(update_fields=["is_accepted", "updated_at"])
    audit_log(actor=actor, action="assignments.reference.accepted", target=placement, to_state="accepted")
    return entry
