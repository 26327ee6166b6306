"""Placements and references: from selection through consent and terms to completion.

Every state change of a ``Placement`` goes through a function here, is refused with a clear
message when not allowed, is recorded with ``audit_log`` and tells the other side with
``notify``. The leidinggevende's consent lives in ``placements.services.consent``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assignments.models import Assignment
from assignments.public_rate import placement_check_public_rate
from assignments.services.status import InvalidTransition, assignment_transition
from marketplace.lib.transitions import transition
from marketplace.models import User
from marketplace.services import audit_log, notify
from placements.access import Role, role_in
from placements.checklist import start_blockers
from placements.models import Placement, Reference
from placements.services.interests import assignment_owners, placement_url
from placements.verification import sign
from profiles.models import EngagementForm, PortfolioEntry, Profile


def placement_side(placement: Placement, user: User | Any) -> Role | None:
    """The professional or the client (poster or co-owner); ``None`` for anyone else, coordinators too."""
    role = role_in(user, placement.assignment, placement.professional_id)
    return role if role in (Role.PROFESSIONAL, Role.CLIENT) else None


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
            template="placements-placement-update",
            context={**context, "for_professional": recipient.pk == placement.professional_id},
            url=placement_url(placement),
        )


def _require_preparing(placement: Placement) -> None:
    if placement.status != Placement.Status.PREPARING:
        raise InvalidTransition(
            _("This placement is %(status)s: this can only be done while it is being arranged.")
            % {"status": placement.get_status_display()}
        )


@transaction.atomic
def placement_record_side_activity(*, placement: Placement, actor: User, value: str) -> Placement:
    """The professional records whether the side activity was reported to their employer."""
    _require_preparing(placement)
    if value not in Placement.SideActivity.values:
        raise ValidationError({"side_activity": _("Choose one of the options.")})
    previous = placement.side_activity
    if value == previous:
        return placement  # recorded unchanged: nothing happened, so nothing is recorded
    placement.side_activity = value
    placement.side_activity_at = timezone.now()
    placement.save(update_fields=["side_activity", "side_activity_at", "updated_at"])
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
    hours_per_week: int | None,
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
    if hours_per_week is None and not placement.assignment.is_short_format:
        raise ValidationError({"hours_per_week": _("Give the hours a week of this work.")})
    placement_check_public_rate(
        placement.assignment, engagement_form=engagement_form, rate=None if pro_bono else rate, start_date=start_date
    )
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
    return start_blockers(placement)


def _maybe_start(placement: Placement, *, actor: User | None) -> None:
    """Start the placement once nothing stands in the way (the transition's guard checks it again)."""
    if placement.status == Placement.Status.PREPARING and not start_blockers(placement):
        transition(placement, Placement.Status.RUNNING, actor=actor)
        _tell_placement(placement, "started", actor=None)


@transaction.atomic
def placement_complete(*, placement: Placement, actor: User) -> Placement:
    """Either side marks a running placement completed; both are asked for a reference.

    Refused before the agreed start date: work that has not started cannot be done.
    """
    running = placement.status == Placement.Status.RUNNING
    if running and placement.start_date and placement.start_date > timezone.localdate():
        raise ValidationError(
            _("This placement starts on %(date)s: it can be marked as completed from that day.")
            % {"date": date_format(placement.start_date, "j F Y")}
        )
    transition(placement, Placement.Status.COMPLETED, actor=actor)
    _tell_placement(placement, "completed", actor=None)
    assignment = Assignment.objects.select_for_update().get(pk=placement.assignment_id)
    unfinished = assignment.placements.filter(status__in=[Placement.Status.PREPARING, Placement.Status.RUNNING])
    if assignment.status in (Assignment.Status.FILLED, Assignment.Status.CLOSED) and not unfinished.exists():
        assignment_transition(assignment=assignment, to=Assignment.Status.COMPLETED, actor=actor)
    from placements.services.homecoming import home_feedback_on_completion  # it builds on this module

    home_feedback_on_completion(placement)
    return placement


@transaction.atomic
def placement_cancel(*, placement: Placement, actor: User, reason: str) -> Placement:
    """Either side stops a placement; a filled assignment opens again for the freed place."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    transition(placement, Placement.Status.CANCELLED, actor=actor, note=reason.strip())
    _tell_placement(placement, "cancelled", actor=actor, reason=reason.strip())
    assignment = Assignment.objects.select_for_update().get(pk=placement.assignment_id)
    if assignment.status == Assignment.Status.FILLED:
        assignment_transition(
            assignment=assignment, to=Assignment.Status.OPEN, actor=actor, note=_("A placement was cancelled.")
        )
    return placement


# -- references ---------------------------------------------------------------------------------


@transaction.atomic
def reference_give(
    *, placement: Placement, actor: User, text: str, rating: int, share_title: bool = False
) -> Reference:
    """A side of a completed placement gives its reference about the other side.

    The opdrachtgever's reference about the professional also becomes a portfolio entry that
    shows on the profile once the professional accepts it. ``share_title`` is the opdrachtgever's
    explicit consent to name a non-public assignment there (see ``portfolio_title``).
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
        title_shared=bool(share_title) and direction == Reference.Direction.ABOUT_PROFESSIONAL,
    )
    reference.signature = sign(reference)
    reference.save(update_fields=["signature"])
    if direction == Reference.Direction.ABOUT_PROFESSIONAL:
        _portfolio_entry(reference)
    audit_log(actor=actor, action="assignments.reference.given", target=placement, to_state=direction)
    _tell_placement(placement, "reference-given", actor=actor, reference=reference)
    return reference


def portfolio_title(assignment: Assignment, *, title_shared: bool) -> str:
    """What the portfolio calls an assignment: its title only when public or explicitly shared.

    A portfolio shows on a profile that may be public, so a non-public assignment's title
    (which only its audience may read) is replaced by its field of work, as on the reference
    and consent pages; the organisation and the period are shown beside it.
    """
    if assignment.audience == Assignment.Audience.PUBLIC or title_shared:
        return assignment.title
    if assignment.field_of_work is not None:
        return _("Assignment in %(field)s") % {"field": assignment.field_of_work.name}
    return _("Assignment")


def _portfolio_entry(reference: Reference) -> PortfolioEntry | None:
    placement = reference.placement
    profile = Profile.objects.filter(user_id=placement.professional_id).first()
    if profile is None:
        return None
    entry, _created = PortfolioEntry.objects.update_or_create(
        profile=profile,
        placement_code=placement.code,
        defaults={
            "title": portfolio_title(placement.assignment, title_shared=reference.title_shared),
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
