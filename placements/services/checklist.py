"""Recording the checklist's signals: the rules read, the match, the opdrachtgever's judgement, the klik.

Each answer is a ``SignalFact`` with its source and date; every change is recorded in the
history with its words (``assignments.placement.<what>``), tells the other side, and may start
the placement (``_maybe_start``: the transition's guard checks all five signals again).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace import hooks
from marketplace.models import User
from marketplace.services import audit_log
from matching import candidates
from networks.models import Organisation, OrganisationRules
from networks.selectors import viewer_for
from placements.access import Role
from placements.models import Placement, SignalFact
from placements.services.placements import _maybe_start, _require_preparing, _tell_placement, placement_side


def _yes_no(answer: bool | None) -> str:
    return "" if answer is None else ("yes" if answer else "no")


def _record(
    *,
    placement: Placement,
    actor: User | None,
    signal: str,
    source: str,
    answer: bool,
    note: str = "",
    data: dict[str, Any] | None = None,
    action: str,
    audit_note: str | None = None,
) -> SignalFact | None:
    """Write one answer; nothing happens (and nothing is recorded) when it is given unchanged."""
    fact = placement.signal_facts.select_for_update().filter(signal=signal, source=source).first()
    if fact is not None and fact.answer == answer and fact.note == note and (data is None or fact.data == data):
        return None
    previous = None if fact is None else fact.answer
    fact = fact or SignalFact(placement=placement, signal=signal, source=source)
    fact.answer, fact.note, fact.data = answer, note, data or {}
    fact.recorded_by = actor if actor is not None and actor.is_authenticated else None
    fact.recorded_at = timezone.now()
    fact.full_clean(exclude=["placement"])
    fact.save()
    # The match is a score, not someone's yes or no: its history entry names the score instead.
    states = audit_note is None
    audit_log(
        actor=actor,
        action=action,
        target=placement,
        from_state=_yes_no(previous) if states else "",
        to_state=_yes_no(answer) if states else "",
        note=note if states else audit_note or "",
    )
    return fact


def _after(placement: Placement, *, actor: User, action: str) -> None:
    """Tell the other side what changed (in their language) and start the placement if everything is green."""
    _tell_placement(placement, "signal", actor=actor, what=hooks.audit_action_labels()[action])
    _maybe_start(placement, actor=actor)


def _require_side(placement: Placement, actor: User, side: Role) -> None:
    if placement_side(placement, actor) != side:
        raise ValidationError(_("Only the people involved can give this answer."))


def _require_introduction_held(placement: Placement) -> None:
    """Judging the fit and the klik come after the introduction, when one was planned."""
    planned = placement.interest.introductions.order_by("-starts_at").first()
    if planned is not None and planned.starts_at > timezone.now():
        when = date_format(timezone.localtime(planned.starts_at), "j F Y")
        raise ValidationError(_("This can be answered after the introduction on %(date)s.") % {"date": when})


# -- the match ("past", by Klusmarkt) -----------------------------------------------------------


@transaction.atomic
def placement_record_match(*, placement: Placement, actor: User | None) -> SignalFact | None:
    """Record Klusmarkt's match of the professional and the assignment, as it is now (at selection).

    The score and structured reasons are kept, so the page shows them in the reader's language;
    without a profile there is nothing to match and nothing is recorded.
    """
    result = candidates.match_results_for_users(placement.assignment, [placement.professional_id]).get(
        placement.professional_id
    )
    if result is None:
        return None
    data = {
        "score": result.score,
        "reasons": result.reasons,
        "blockers": result.blockers,
        "is_match": result.is_match,
        "alerts": result.alerts,
    }
    return _record(
        placement=placement,
        actor=actor,
        signal=SignalFact.Signal.FITS,
        source=SignalFact.Source.MATCH,
        answer=result.alerts,
        data=data,
        action="assignments.placement.match-recorded",
        audit_note=f"{result.score}/100",
    )


# -- "weet dat het kan": the employer's rules ---------------------------------------------------


@transaction.atomic
def placement_read_rules(*, placement: Placement, actor: User) -> Placement:
    """The professional confirms having read their employer's rules (which employer, which version)."""
    _require_preparing(placement)
    _require_side(placement, actor, Role.PROFESSIONAL)
    organisation_id = viewer_for(actor).organisation_id
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    rules = OrganisationRules.objects.filter(organisation=organisation).first() if organisation else None
    data = {
        "organisation": organisation.name if organisation else "",
        "rules_updated_at": rules.updated_at.isoformat() if rules else "",
    }
    action = "assignments.placement.rules-read"
    fact = placement.signal_facts.filter(signal=SignalFact.Signal.POSSIBLE, source=SignalFact.Source.RULES_READ)
    if fact.exists():
        raise ValidationError(_("You have already confirmed reading your employer's rules."))
    _record(
        placement=placement,
        actor=actor,
        signal=SignalFact.Signal.POSSIBLE,
        source=SignalFact.Source.RULES_READ,
        answer=True,
        data=data,
        action=action,
    )
    _after(placement, actor=actor, action=action)
    return placement


# -- "past": the opdrachtgever's judgement -------------------------------------------------------


@transaction.atomic
def placement_judge_fit(*, placement: Placement, actor: User, fits: bool, note: str = "") -> Placement:
    """The opdrachtgever says, after the introduction, whether the assignment fits the professional."""
    _require_preparing(placement)
    _require_side(placement, actor, Role.CLIENT)
    _require_introduction_held(placement)
    action = "assignments.placement.fits-judged"
    recorded = _record(
        placement=placement,
        actor=actor,
        signal=SignalFact.Signal.FITS,
        source=SignalFact.Source.CLIENT,
        answer=fits,
        note=note.strip(),
        action=action,
    )
    if recorded is not None:
        _after(placement, actor=actor, action=action)
    return placement


# -- "klik": each side's own answer --------------------------------------------------------------


@transaction.atomic
def placement_answer_klik(*, placement: Placement, actor: User, klik: bool, note: str = "") -> Placement:
    """One side says, after the introduction, whether there is a klik; each side answers for itself."""
    _require_preparing(placement)
    side = placement_side(placement, actor)
    if side is None:
        raise ValidationError(_("Only the people involved can give this answer."))
    _require_introduction_held(placement)
    action = f"assignments.placement.klik-by-{side}"
    recorded = _record(
        placement=placement,
        actor=actor,
        signal=SignalFact.Signal.KLIK,
        source=SignalFact.Source.PROFESSIONAL if side == Role.PROFESSIONAL else SignalFact.Source.CLIENT,
        answer=klik,
        note=note.strip(),
        action=action,
    )
    if recorded is not None:
        _after(placement, actor=actor, action=action)
    return placement
