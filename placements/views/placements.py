"""A placement from arranging to completion, and the references both sides give."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assignments.models import Assignment
from assignments.public_rate import public_rates_of
from marketplace.lib.http import run_confirmed, run_form_service, run_service
from placements import services
from placements.access import (
    Role,
    get_placement_for_user,
)
from placements.checklist import current_consent, works_independently
from placements.forms import (
    HomeManagerForm,
    LearningForm,
    ManagerForm,
    ReasonForm,
    ReferenceForm,
    SideActivityForm,
    TermsForm,
    VerifyForm,
    complete_form,
)
from placements.models import LearningRecord, Placement, Reference
from placements.selectors import workflow_history
from placements.services.homecoming import current_home_feedback
from placements.services.interests import placement_url
from placements.verification import public_key_pem, verify
from placements.views.checklist import checklist_context
from profiles.models import PortfolioEntry

# -- placements ---------------------------------------------------------------------------------


def _placement_page(
    request: HttpRequest, placement: Placement, role: str, status: int = 200, **forms: Any
) -> HttpResponse:
    acting = role in (Role.PROFESSIONAL, Role.CLIENT)
    preparing = placement.status == Placement.Status.PREPARING
    references = list(placement.references.all())
    given = {r.direction for r in references}
    own_direction = (
        Reference.Direction.ABOUT_CLIENT if role == Role.PROFESSIONAL else Reference.Direction.ABOUT_PROFESSIONAL
    )
    entry = PortfolioEntry.objects.filter(
        placement_code=placement.code, profile__user_id=placement.professional_id
    ).first()
    ctx = {
        **_homecoming_context(placement, role, forms),
        "assignment": placement.assignment,
        "placement": placement,
        "interest": placement.interest,
        "role": role,
        **checklist_context(request, placement, role, forms),
        "consent": current_consent(placement),
        "can_download_agreement": acting and placement.has_terms,
        "history": workflow_history(placement.interest),
        "references": references,
        "portfolio_entry": entry,
        "public_rates": _public_rates(placement),
        "can_prepare": acting and preparing,
        "is_professional": role == Role.PROFESSIONAL,
        "independent": works_independently(placement),
        "can_confirm": acting and preparing and placement.has_terms and not _confirmed_by(placement, role),
        "can_complete": acting and placement.status == Placement.Status.RUNNING,
        "can_cancel": acting and placement.status in (Placement.Status.PREPARING, Placement.Status.RUNNING),
        "can_give_reference": acting and placement.status == Placement.Status.COMPLETED and own_direction not in given,
        "manager_form": forms.get("manager_form") or ManagerForm(),
        "side_activity_form": forms.get("side_activity_form")
        or SideActivityForm(initial={"side_activity": placement.side_activity or None}),
        "terms_form": forms.get("terms_form") or TermsForm(initial=_terms_initial(placement)),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
        "complete_form": complete_form(),
        "reference_form": forms.get("reference_form")
        or ReferenceForm(offer_title=role == "client" and placement.assignment.audience != Assignment.Audience.PUBLIC),
    }
    return render(request, "placements/placement_detail.html", ctx, status=status)


def _homecoming_context(placement: Placement, role: str, forms: dict[str, Any]) -> dict[str, Any]:
    """What the placement brought home (placements.learning): the professional's own, after completion."""
    if role != Role.PROFESSIONAL or placement.status != Placement.Status.COMPLETED:
        return {}
    record = LearningRecord.objects.filter(placement=placement).first()
    home = current_home_feedback(placement)
    return {
        "show_homecoming": True,
        "learning_record": record,
        "learning_form": forms.get("learning_form") or LearningForm(),
        "home_feedback": home,
        "home_manager_form": forms.get("home_manager_form") or HomeManagerForm(),
    }


def _public_rates(placement: Placement) -> list[Any]:
    """The public rate of the assignment's networks when it is offered as ZPP (the terms state it)."""
    assignment = placement.assignment
    return public_rates_of(assignment, assignment.networks.all(), assignment.engagement_forms.all())


def _confirmed_by(placement: Placement, role: str) -> bool:
    if role == Role.PROFESSIONAL:
        return placement.terms_confirmed_by_professional_at is not None
    return placement.terms_confirmed_by_client_at is not None


def _terms_initial(placement: Placement) -> dict[str, Any]:
    return {
        "engagement_form": placement.engagement_form_id,
        "hours_per_week": placement.hours_per_week,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "rate": placement.rate,
        "pro_bono": placement.pro_bono,
    }


@require_GET
def placement_detail(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, involved in the placement: the professional, owners, coordinators (else 404)."""
    placement, role = get_placement_for_user(request.user, code)
    return _placement_page(request, placement, role)


def placement_form_action(
    request: HttpRequest,
    code: uuid.UUID,
    *,
    form_class: type,
    form_name: str,
    act_as: str | tuple[str, ...],
    service: Callable[..., Any],
    success: str,
) -> HttpResponse:
    placement, role = get_placement_for_user(request.user, code, act_as=act_as)
    form = form_class(request.POST)
    return run_form_service(
        request,
        form,
        lambda data: service(placement=placement, actor=request.user, **data),
        success=success,
        redirect_to=placement_url(placement),
        page=lambda: _placement_page(request, placement, role, status=400, **{form_name: form}),
    )


BOTH = (Role.PROFESSIONAL, Role.CLIENT)


@require_POST
def placement_manager(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=ManagerForm,
        form_name="manager_form",
        act_as=Role.PROFESSIONAL,
        service=services.placement_request_consent,
        success=_("Your leidinggevende has been asked for consent."),
    )


@require_POST
def placement_side_activity(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=SideActivityForm,
        form_name="side_activity_form",
        act_as=Role.PROFESSIONAL,
        service=lambda placement, actor, side_activity: services.placement_record_side_activity(
            placement=placement, actor=actor, value=side_activity
        ),
        success=_("Recorded."),
    )


@require_POST
def placement_terms(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=TermsForm,
        form_name="terms_form",
        act_as=BOTH,
        service=services.placement_set_terms,
        success=_("The terms are saved; both sides are asked to confirm them."),
    )


@require_POST
def placement_confirm(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    placement, _role = get_placement_for_user(request.user, code, act_as=BOTH)
    return run_service(
        request,
        lambda: services.placement_confirm_terms(placement=placement, actor=request.user),
        success=_("You confirmed the terms."),
        redirect_to=placement_url(placement),
    )


@require_POST
def placement_complete(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    placement, _role = get_placement_for_user(request.user, code, act_as=BOTH)
    return run_confirmed(
        request,
        lambda: services.placement_complete(placement=placement, actor=request.user),
        unconfirmed=_("Tick the box to confirm that the work is done."),
        success=_("The placement is completed. Please give a reference."),
        redirect_to=placement_url(placement),
        refused_to=placement_url(placement),
    )


@require_POST
def placement_cancel(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=ReasonForm,
        form_name="cancel_form",
        act_as=BOTH,
        service=services.placement_cancel,
        success=_("The placement has been cancelled."),
    )


@require_POST
def placement_reference(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=ReferenceForm,
        form_name="reference_form",
        act_as=BOTH,
        service=services.reference_give,
        success=_("Thank you for your reference."),
    )


# -- references -----------------------------------------------------------------------------------


@login_not_required
@require_GET
def reference_detail(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Public by its unguessable code: the reference itself, with its signature, for verification elsewhere."""
    reference = get_object_or_404(
        Reference.objects.select_related("placement__assignment__organisation", "placement__professional"),
        code=code,
        direction=Reference.Direction.ABOUT_PROFESSIONAL,
    )
    assignment = reference.placement.assignment
    form = VerifyForm(request.GET or None)
    ctx = {
        "reference": reference,
        "placement": reference.placement,
        "organisation": assignment.organisation,
        # Only a public assignment's title may be shown to whoever holds the link.
        "title": assignment.title if assignment.audience == Assignment.Audience.PUBLIC else "",
        "verify_url": request.build_absolute_uri(request.path),
        "verification": verify(reference),
        "form": form,
        "checked": verify(reference, text=form.cleaned_data["text"]) if form.is_valid() else None,
        "public_key": public_key_pem(),
    }
    return render(request, "placements/reference.html", ctx)


@login_not_required
@require_GET
def reference_public_key(request: HttpRequest) -> HttpResponse:
    """Public: the Ed25519 public key that checks every reference's signature (PEM)."""
    return HttpResponse(public_key_pem(), content_type="text/plain; charset=utf-8")


@login_not_required
@require_GET
def reference_of_portfolio(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Public: from a portfolio entry (by its placement's code) to its reference's verification page."""
    reference = get_object_or_404(
        Reference.objects.only("code"), placement__code=code, direction=Reference.Direction.ABOUT_PROFESSIONAL
    )
    return redirect("placements:reference", code=reference.code)


@require_POST
def reference_accept(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional the reference is about (404 for everyone else)."""
    reference = get_object_or_404(
        Reference.objects.select_related("placement__assignment__organisation"),
        code=code,
        placement__professional=request.user,
        direction=Reference.Direction.ABOUT_PROFESSIONAL,
    )
    return run_service(
        request,
        lambda: services.reference_accept(reference=reference, actor=request.user),
        success=_("The reference is now on your portfolio."),
        redirect_to=placement_url(reference.placement),
    )
