"""Reactions and introductions: a professional reacts, the opdrachtgever works through them.

Every state change of a reaction (``Interest``) goes through a function here, is refused with a
clear message when not allowed, is recorded with ``audit_log`` and tells the other side with
``notify``. Status changes of the assignment itself go through ``assignment_transition``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.access import is_owner
from assignments.models import Assignment
from assignments.services.status import InvalidTransition, assignment_transition
from marketplace.lib.transitions import transition
from marketplace.models import User
from marketplace.services import audit_log, notify
from networks.selectors import viewer_for
from placements.models import Interest, Introduction, Placement

# Reactions can be worked through while the assignment is published and not yet finished.
WORKABLE = {Assignment.Status.OPEN, Assignment.Status.CLOSED, Assignment.Status.FILLED}
SELECTABLE = {Assignment.Status.OPEN, Assignment.Status.CLOSED}


def assignment_owners(assignment: Assignment) -> list[User]:
    """The opdrachtgever side: the poster and the co-owners, active accounts only."""
    owners = {u.pk: u for u in assignment.co_owners.filter(is_active=True)}
    if assignment.posted_by is not None and assignment.posted_by.is_active:
        owners[assignment.posted_by_id] = assignment.posted_by
    return list(owners.values())


def interest_url(interest: Interest) -> str:
    return reverse("placements:interest-detail", args=[interest.assignment.code, interest.code])


def placement_url(placement: Placement) -> str:
    return reverse("placements:placement-detail", args=[placement.code])


def _notify_all(recipients: list[User], *, kind: str, template: str, context: dict[str, Any], url: str) -> None:
    for recipient in recipients:
        notify(recipient=recipient, kind=kind, template=template, context=context, url=url)


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
    """React to an open assignment. Refused when it is not open, for owners and for visitors.

    Verified civil servants react, and so do independents a coordinator admitted to a network
    (``networks.independents``): like a member, on what they may see.
    """
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.OPEN:
        raise ValidationError(_("This assignment is not open for reactions."))
    if locked.deadline_passed:
        raise ValidationError(_("The deadline for reactions has passed: this assignment no longer accepts reactions."))
    if not viewer_for(professional).may_react:
        raise ValidationError(
            _("Only verified civil servants, and independents admitted to a network, can react to an assignment.")
        )
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
        template="placements-interest-new",
        context={"assignment": locked, "interest": interest, "professional": professional},
        url=interest_url(interest),
    )
    return interest


@transaction.atomic
def interest_withdraw(*, interest: Interest, actor: User) -> Interest:
    """The professional withdraws their own reaction while it is still open."""
    if interest.status == Interest.Status.SELECTED:
        raise InvalidTransition(_("You were selected: cancel the placement instead of withdrawing."))
    transition(interest, Interest.Status.WITHDRAWN, actor=actor)
    _notify_all(
        assignment_owners(interest.assignment),
        kind="assignments.interest.withdrawn",
        template="placements-interest-withdrawn",
        context={"assignment": interest.assignment, "interest": interest, "professional": interest.professional},
        url=interest_url(interest),
    )
    return interest


def _tell_professional(interest: Interest, event: str, **extra: Any) -> None:
    notify(
        recipient=interest.professional,
        kind=f"assignments.interest.{event}",
        template="placements-interest-status",
        context={"assignment": interest.assignment, "interest": interest, "event": event, **extra},
        url=interest_url(interest),
    )


@transaction.atomic
def interest_shortlist(*, interest: Interest, actor: User) -> Interest:
    """The opdrachtgever puts a reaction on the shortlist."""
    _require_workable(interest)
    transition(interest, Interest.Status.SHORTLISTED, actor=actor)
    _tell_professional(interest, "shortlisted")
    return interest


@transaction.atomic
def interest_decline(*, interest: Interest, actor: User, reason: str) -> Interest:
    """The opdrachtgever declines a reaction with a reason; the professional is told politely."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; the professional will read it.")})
    _require_workable(interest)
    transition(interest, Interest.Status.DECLINED, actor=actor, note=reason.strip())
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
    transition(interest, Interest.Status.INTRODUCTION, actor=actor)
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
            template="placements-introduction",
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
    transition(interest, Interest.Status.SELECTED, actor=actor)
    placement = Placement.objects.create(
        interest=interest, assignment=assignment, professional=interest.professional, **_placement_defaults(assignment)
    )
    audit_log(actor=actor, action="assignments.placement.preparing", target=placement, to_state=placement.status)
    # "Past": Klusmarkt's match as it stands at selection, recorded with its date (imported here:
    # the checklist's services build on this module).
    from placements.services.checklist import placement_record_match

    placement_record_match(placement=placement, actor=actor)
    _tell_professional(interest, "selected", placement=placement, placement_url=placement_url(placement))
    if taken + 1 >= assignment.places:
        assignment_transition(assignment=assignment, to=Assignment.Status.FILLED, actor=actor)
        for other in assignment.interests.filter(status__in=Interest.OPEN_STATUSES).select_related("professional"):
            other.assignment = assignment
            transition(other, Interest.Status.NOT_SELECTED, actor=actor)
            _tell_professional(other, "not-selected")
    return placement
