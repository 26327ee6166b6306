"""The checklist on the placement page: the five signals, what is missing, and the answer forms of each side."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from placements.access import Role
from placements.checklist import facts_of, missing_for, placement_signals
from placements.forms import FitsForm, KlikForm, RulesReadForm
from placements.models import Placement, SignalFact
from placements.selectors import employer_rules_for_client, may_see_profile_of


def _answer(facts: dict[tuple[str, str], SignalFact], signal: str, source: str, name: str) -> dict[str, Any]:
    fact = facts.get((signal, source))
    if fact is None:
        return {}
    return {name: "yes" if fact.answer else "no", f"{name}_note": fact.note}


def checklist_context(request: HttpRequest, placement: Placement, role: str, forms: dict[str, Any]) -> dict[str, Any]:
    """The signals as ``role`` reads them, what is missing in their words, and their answer forms."""
    preparing = placement.status == Placement.Status.PREPARING
    show_reasons = role == Role.PROFESSIONAL or may_see_profile_of(request.user, placement.professional_id)
    facts = facts_of(placement)
    signals = placement_signals(placement, role, show_reasons=show_reasons, facts=facts)
    own_klik = SignalFact.Source.PROFESSIONAL if role == Role.PROFESSIONAL else SignalFact.Source.CLIENT
    rules_read = (SignalFact.Signal.POSSIBLE, SignalFact.Source.RULES_READ) in facts
    return {
        "signals": signals,
        "blockers": missing_for(signals, placement, role) if preparing else [],
        "can_read_rules": preparing and role == Role.PROFESSIONAL and not rules_read,
        "can_judge_fit": preparing and role == Role.CLIENT,
        "can_answer_klik": preparing and role in (Role.PROFESSIONAL, Role.CLIENT),
        "rules_form": forms.get("rules_form") or RulesReadForm(),
        "fits_form": forms.get("fits_form")
        or FitsForm(initial=_answer(facts, SignalFact.Signal.FITS, SignalFact.Source.CLIENT, "fits")),
        "klik_form": forms.get("klik_form")
        or KlikForm(initial=_answer(facts, SignalFact.Signal.KLIK, own_klik, "klik")),
        "employer_rules": employer_rules_for_client(request.user, placement.professional_id)
        if role == Role.CLIENT
        else None,
    }
