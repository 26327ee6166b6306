"""The placement checklist: Rewijk's five signals, read from what was recorded, in words.

"Ambtenaren moeten enthousiast zijn om klussen te doen; moeten weten dat het kan; er moeten
opdrachten zijn die passen bij kwaliteiten, ervaring en interesse; een leidinggevende die erin
meewil en dan moet er in het gesprek met de opdrachtgever een klik ontstaan."

Each signal is read from a recorded fact with its source and date (``placements.facts``, the
reaction, the consent) and never inferred. A placement starts only when all five are green and
both sides confirmed the terms: ``start_blockers`` is the guard of ``Placement.GUARDS``, so the
transition helper refuses the start otherwise. What is missing is said to each party in its own
words (``missing_for``): "you" to the one who must act, the other side's name to the other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching.scoring import reason_text
from networks.models import Employment
from placements.access import Role
from placements.models import ConsentRequest, Placement, SignalFact

GREEN, AMBER, GREY, RED = "green", "amber", "grey", "red"
Facts = dict[tuple[str, str], SignalFact]


@dataclass(frozen=True)
class Signal:
    """One signal as a person reads it: its colour is always said in words too."""

    key: str
    label: str
    colour: str  # green, amber, grey or red: shown with the words, never alone
    words: str
    explanation: str = ""
    # Where the signal comes from and when it was recorded (e.g. "the opdrachtgever, 3 December 2026").
    sources: tuple[str, ...] = ()
    # What is still missing, in words for the person looking (empty when green).
    missing: tuple[str, ...] = field(default=())

    @property
    def is_green(self) -> bool:
        return self.colour == GREEN

    @property
    def state(self) -> str:
        """The colour in words, so that no one needs to see it."""
        return {GREEN: _("in order"), AMBER: _("needs attention"), GREY: _("not yet"), RED: _("stopped")}[self.colour]


def current_consent(placement: Placement) -> ConsentRequest | None:
    """The latest consent request that was not replaced by a newer one."""
    return placement.consent_requests.exclude(decision=ConsentRequest.Decision.REPLACED).first()


def works_independently(placement: Placement) -> bool:
    """The professional has no government employer: an independent admitted to a network.

    They have no leidinggevende to consent and no employer to report a side activity to.
    """
    return not Employment.objects.filter(user_id=placement.professional_id).exists()


def facts_of(placement: Placement) -> Facts:
    """The recorded answers of a placement by ``(signal, source)``: one query."""
    return {(f.signal, f.source): f for f in placement.signal_facts.all()}


def day(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""


def _source(label: str, moment: datetime.datetime | None) -> str:
    return f"{label}, {day(moment)}" if moment else label


def _by(viewpoint: str | None, own: str, other: str) -> str:
    """``own`` for the professional ("you …"), ``other`` for the opdrachtgever and coordinators."""
    return own if viewpoint == Role.PROFESSIONAL else other


def _for_client(viewpoint: str | None, own: str, other: str) -> str:
    """``own`` for the opdrachtgever ("you …"), ``other`` for the professional and coordinators."""
    return own if viewpoint == Role.CLIENT else other


# -- the five signals --------------------------------------------------------------------------


def _wants(placement: Placement) -> Signal:
    reacted = placement.interest.created_at
    return Signal(
        "wants",
        _("Wants it"),
        GREEN,
        _("yes"),
        _("Reacted on %(date)s.") % {"date": day(reacted)},
        (_source(_("the reaction"), reacted),),
    )


def _not_applicable(key: str, label: str) -> Signal:
    """An independent professional: no employer's rules to read, no leidinggevende to ask."""
    why = _("An independent professional has no employer to report to and no leidinggevende to ask.")
    return Signal(key, label, GREEN, _("not applicable"), why)


def _possible(placement: Placement, facts: Facts, viewpoint: str | None) -> Signal:
    read = facts.get((SignalFact.Signal.POSSIBLE, SignalFact.Source.RULES_READ))
    declared = placement.side_activity in (Placement.SideActivity.REPORTED, Placement.SideActivity.NOT_NEEDED)
    explanation, sources, missing = [], [], []
    if read is not None:
        employer = read.data.get("organisation") or _("the employer")
        explanation.append(_("Read the rules of %(employer)s.") % {"employer": employer})
        sources.append(_source(_("the professional"), read.recorded_at))
    else:
        missing.append(
            _by(
                viewpoint,
                _("confirm that you have read your employer's rules"),
                _("the professional has not yet confirmed reading their employer's rules"),
            )
        )
    if placement.side_activity:
        explanation.append(_("Side activity: %(state)s.") % {"state": placement.get_side_activity_display()})
        sources.append(_source(_("side activity"), placement.side_activity_at))
    if not declared:
        missing.append(
            _by(
                viewpoint,
                _("report the side activity to your employer and record it here"),
                _("the professional has not yet recorded that the side activity was reported to the employer"),
            )
        )
    if not missing:
        colour, words = GREEN, _("yes")
    elif read is None and not placement.side_activity:
        colour, words = GREY, _("not recorded yet")
    else:
        colour, words = AMBER, _("not yet")
    return Signal(
        "possible", _("Knows it is possible"), colour, words, " ".join(explanation), tuple(sources), tuple(missing)
    )


def _fits(facts: Facts, viewpoint: str | None, *, show_reasons: bool) -> Signal:
    label = _("Fits")
    judged = facts.get((SignalFact.Signal.FITS, SignalFact.Source.CLIENT))
    match = facts.get((SignalFact.Signal.FITS, SignalFact.Source.MATCH))
    if judged is not None:
        source = (_source(_("the opdrachtgever"), judged.recorded_at),)
        if judged.answer:
            return Signal("fits", label, GREEN, _("fits, says the opdrachtgever"), judged.note, source)
        missing = _for_client(
            viewpoint,
            _("you judged that the assignment does not fit: change your judgement or cancel the placement"),
            _("the opdrachtgever judged that the assignment does not fit"),
        )
        return Signal("fits", label, RED, _("does not fit, says the opdrachtgever"), judged.note, source, (missing,))
    ask = _for_client(
        viewpoint,
        _("say whether the assignment fits the professional"),
        _("the opdrachtgever has not yet said whether the assignment fits"),
    )
    if match is None:
        return Signal("fits", label, GREY, _("not judged yet"), _("No match was recorded."), (), (ask,))
    data = match.data
    words = _("%(score)d of 100") % {"score": data.get("score", 0)}
    if data.get("blockers"):
        explanation = _("Does not meet every condition of the assignment.")
    elif not data.get("is_match"):
        explanation = _("Nothing in common with the assignment's content.")
    elif show_reasons:
        explanation = "; ".join(reason_text(reason) for reason in data.get("reasons", []))
    else:
        explanation = _("The reasons follow the professional's profile, which you cannot see.")
    source = (_source(_("Klusmarkt's match"), match.recorded_at),)
    if data.get("alerts"):
        return Signal("fits", label, GREEN, words, explanation, source)
    return Signal("fits", label, AMBER, words, explanation, source, (ask,))


def _manager(placement: Placement, viewpoint: str | None) -> Signal:
    label = _("Leidinggevende agrees")
    consent = current_consent(placement)
    if consent is None:
        missing = _by(
            viewpoint, _("ask your leidinggevende for consent"), _("the leidinggevende has not been asked yet")
        )
        return Signal("manager", label, GREY, _("not asked yet"), "", (), (missing,))
    if consent.decision == ConsentRequest.Decision.CONSENTED:
        source = (_source(_("the leidinggevende"), consent.used_at),)
        return Signal("manager", label, GREEN, _("agreed"), consent.comment, source)
    if consent.decision == ConsentRequest.Decision.DECLINED:
        source = (_source(_("the leidinggevende"), consent.used_at),)
        missing = _by(viewpoint, _("your leidinggevende did not agree"), _("the leidinggevende did not agree"))
        return Signal("manager", label, RED, _("did not agree"), consent.comment, source, (missing,))
    words = _("expired") if consent.is_expired else _("waiting for an answer")
    missing = _by(
        viewpoint, _("your leidinggevende has not answered yet"), _("the leidinggevende has not answered yet")
    )
    sent = (_source(_("asked"), consent.sent_at or consent.created_at),)
    shown = consent.manager_email if viewpoint == Role.PROFESSIONAL else ""
    return Signal("manager", label, AMBER, words, shown, sent, (missing,))


def _klik_side(answer: SignalFact | None, viewpoint: str | None, side: str) -> str:
    """What is missing from one side's klik, for the person looking."""
    own = viewpoint == side
    if answer is None:
        if own:
            return _("say whether there is a klik")
        if side == Role.PROFESSIONAL:
            return _("the professional has not yet said whether there is a klik")
        return _("the opdrachtgever has not yet said whether there is a klik")
    if answer.answer:
        return ""
    if own:
        return _("you said there is no klik")
    if side == Role.PROFESSIONAL:
        return _("the professional said there is no klik")
    return _("the opdrachtgever said there is no klik")


def _klik(facts: Facts, viewpoint: str | None) -> Signal:
    answers = {
        Role.PROFESSIONAL: facts.get((SignalFact.Signal.KLIK, SignalFact.Source.PROFESSIONAL)),
        Role.CLIENT: facts.get((SignalFact.Signal.KLIK, SignalFact.Source.CLIENT)),
    }
    names = {Role.PROFESSIONAL: _("the professional"), Role.CLIENT: _("the opdrachtgever")}
    parts, sources = [], []
    for side, answer in answers.items():
        said = _("not yet") if answer is None else (_("yes") if answer.answer else _("no"))
        parts.append(f"{names[side]}: {said}")
        if answer is not None:
            sources.append(_source(names[side], answer.recorded_at))
            if answer.note:
                parts[-1] += f" ({answer.note})"
    missing = tuple(m for m in (_klik_side(a, viewpoint, s) for s, a in answers.items()) if m)
    given = [a for a in answers.values() if a is not None]
    if any(not a.answer for a in given):
        colour, words = RED, _("no klik")
    elif len(given) == 2:
        colour, words = GREEN, _("yes, both sides")
    elif given:
        colour, words = AMBER, _("one side said yes")
    else:
        colour, words = GREY, _("not said yet")
    label = _("A good fit with the opdrachtgever")
    return Signal("klik", label, colour, words, "; ".join(parts) + ".", tuple(sources), missing)


def placement_signals(
    placement: Placement, viewpoint: str | None = None, *, show_reasons: bool = True, facts: Facts | None = None
) -> list[Signal]:
    """The five signals of ``placement`` as ``viewpoint`` (a ``Role``, or None) reads them.

    ``show_reasons``: whether the match's reasons may be shown (they come from the professional's
    profile, so only to those who may see it). Four queries: employment, facts, consent, reaction.
    """
    facts = facts_of(placement) if facts is None else facts
    if works_independently(placement):
        possible = _not_applicable("possible", _("Knows it is possible"))
        manager = _not_applicable("manager", _("Leidinggevende agrees"))
    else:
        possible, manager = _possible(placement, facts, viewpoint), _manager(placement, viewpoint)
    return [
        _wants(placement),
        possible,
        _fits(facts, viewpoint, show_reasons=show_reasons),
        manager,
        _klik(facts, viewpoint),
    ]


def _terms_missing(placement: Placement, viewpoint: str | None) -> list[str]:
    if not placement.has_terms:
        return [_("the terms are not complete yet")]
    missing = []
    if placement.terms_confirmed_by_professional_at is None:
        missing.append(_by(viewpoint, _("confirm the terms"), _("the professional has not confirmed the terms yet")))
    if placement.terms_confirmed_by_client_at is None:
        missing.append(
            _for_client(viewpoint, _("confirm the terms"), _("the opdrachtgever has not confirmed the terms yet"))
        )
    return missing


def missing_for(signals: list[Signal], placement: Placement, viewpoint: str | None) -> list[str]:
    """Everything that stands between the placement and its start, in words for ``viewpoint``."""
    return [m for signal in signals for m in signal.missing] + _terms_missing(placement, viewpoint)


def start_blockers(placement: Placement) -> list[str]:
    """What stands in the way of the start, in neutral words: the guard of ``Placement.GUARDS``."""
    return missing_for(placement_signals(placement), placement, None)
