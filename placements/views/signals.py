"""The answers behind the checklist's signals: the rules read, the opdrachtgever's judgement, the klik."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placements import services
from placements.access import Role
from placements.forms import FitsForm, KlikForm, RulesReadForm
from placements.views.placements import BOTH, placement_form_action


@require_POST
def placement_rules_read(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=RulesReadForm,
        form_name="rules_form",
        act_as=Role.PROFESSIONAL,
        service=lambda placement, actor, rules_read: services.placement_read_rules(placement=placement, actor=actor),
        success=_("Recorded: you have read your employer's rules."),
    )


@require_POST
def placement_fits(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, an owner of the assignment (403 for the professional and coordinators, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=FitsForm,
        form_name="fits_form",
        act_as=Role.CLIENT,
        service=lambda placement, actor, fits, fits_note: services.placement_judge_fit(
            placement=placement, actor=actor, fits=fits, note=fits_note
        ),
        success=_("Your judgement is recorded."),
    )


@require_POST
def placement_klik(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=KlikForm,
        form_name="klik_form",
        act_as=BOTH,
        service=lambda placement, actor, klik, klik_note: services.placement_answer_klik(
            placement=placement, actor=actor, klik=klik, note=klik_note
        ),
        success=_("Your answer is recorded."),
    )
