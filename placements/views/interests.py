"""Reacting to an assignment, and the opdrachtgever working through the reactions."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments import hooks as assignment_hooks
from assignments.access import get_manageable_assignment, is_owner
from marketplace.lib.http import run_confirmed, run_form_service, run_service
from matching import candidates
from networks.admissions import admission_of
from networks.selectors import viewer_for
from placements import services
from placements.access import (
    Role,
    get_interest_for_user,
    get_visible_assignment,
)
from placements.forms import (
    ConfirmForm,
    DeclineForm,
    InterestForm,
    IntroductionForm,
)
from placements.models import Interest
from placements.selectors import (
    candidate_of,
    employer_rules_for_client,
    interest_counts,
    interests_of,
    my_interests,
    workflow_history,
)
from placements.services.interests import interest_url, placement_url

# -- reacting ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def react(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, assignment visible (else 404), civil servant or admitted independent, not an owner (else 403)."""
    assignment = get_visible_assignment(request.user, code)
    if not viewer_for(request.user).may_react or is_owner(request.user, assignment):
        raise PermissionDenied
    if assignment_hooks.origin_of(assignment) is not None:  # a copy from another Klusmarkt: react there
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.interest_create(assignment=assignment, professional=request.user, **form.cleaned_data),
            form=form,
            success=_("Your reaction has been sent."),
            redirect_to=interest_url,
        )
        if response is not None:
            return response
    ctx = {"assignment": assignment, "form": form, "is_open": assignment.is_open}
    return render(request, "placements/react.html", ctx, status=400 if request.method == "POST" else 200)


@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """Login: the person's own reactions and placements."""
    page = Paginator(my_interests(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "placements/my_dashboard.html", {"page": page})


@require_POST
def interest_withdraw(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, the professional who reacted (others: 404 when not involved, 403 otherwise)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as=Role.PROFESSIONAL)
    return run_service(
        request,
        lambda: services.interest_withdraw(interest=obj, actor=request.user),
        success=_("Your reaction has been withdrawn."),
        redirect_to=interest_url(obj),
    )


# -- the opdrachtgever works through reactions --------------------------------------------------


@require_GET
def interest_list(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner of a visible assignment (else 404 / 403)."""
    assignment = get_manageable_assignment(request.user, code)
    page = Paginator(interests_of(assignment), 25).get_page(request.GET.get("page"))
    results = candidates.match_results_for_users(assignment, {i.professional_id for i in page.object_list})
    for interest in page.object_list:
        interest.match = results.get(interest.professional_id)
    ctx = {"assignment": assignment, "page": page, "counts": interest_counts(assignment)}
    return render(request, "placements/interest_list.html", ctx)


def _interest_page(
    request: HttpRequest, interest: Interest, role: str, status: int = 200, **forms: Any
) -> HttpResponse:
    placement = getattr(interest, "placement", None)
    ctx = {
        "assignment": interest.assignment,
        "interest": interest,
        "role": role,
        "placement": placement,
        "introductions": interest.introductions.all(),
        "history": workflow_history(interest),
        "can_manage": role == Role.CLIENT and interest.is_open,
        "can_withdraw": role == Role.PROFESSIONAL and interest.is_open,
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "introduction_form": forms.get("introduction_form") or IntroductionForm(),
        "select_form": ConfirmForm(label=_("Yes, select this professional: this cannot be undone.")),
        # Who reacted: profile, CV and match reasons, before "Select" (the visibility rule applies).
        "candidate": candidate_of(interest, request.user) if role == "client" else None,
        # The part of the professional's employer's rules meant for the opdrachtgever (same rule).
        "employer_rules": employer_rules_for_client(request.user, interest.professional_id)
        if role == "client"
        else None,
        "candidate_admission": admission_of(interest.professional, _network_ids(interest))
        if role == "client"
        else None,
    }
    return render(request, "placements/interest_detail.html", ctx, status=status)


def _network_ids(interest: Interest) -> frozenset[int]:
    return frozenset(interest.assignment.networks.values_list("pk", flat=True))


@require_GET
def interest_detail(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, involved in a reaction on a visible assignment: the professional, owners, coordinators."""
    obj, role = get_interest_for_user(request.user, code, interest)
    return _interest_page(request, obj, role)


@require_POST
def interest_shortlist(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as=Role.CLIENT)
    return run_service(
        request,
        lambda: services.interest_shortlist(interest=obj, actor=request.user),
        success=_("The reaction is on the shortlist."),
        redirect_to=interest_url(obj),
    )


@require_POST
def interest_decline(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, role = get_interest_for_user(request.user, code, interest, act_as=Role.CLIENT)
    form = DeclineForm(request.POST)
    return run_form_service(
        request,
        form,
        lambda data: services.interest_decline(interest=obj, actor=request.user, **data),
        success=_("The reaction has been declined; the professional has been told."),
        redirect_to=interest_url(obj),
        page=lambda: _interest_page(request, obj, role, status=400, decline_form=form),
    )


@require_POST
def introduction_plan(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, role = get_interest_for_user(request.user, code, interest, act_as=Role.CLIENT)
    form = IntroductionForm(request.POST)
    return run_form_service(
        request,
        form,
        lambda data: services.introduction_plan(interest=obj, actor=request.user, **data),
        success=_("The introduction is planned; both of you got an invitation."),
        redirect_to=interest_url(obj),
        page=lambda: _interest_page(request, obj, role, status=400, introduction_form=form),
    )


@require_POST
def interest_select(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as=Role.CLIENT)
    return run_confirmed(
        request,
        lambda: services.interest_select(interest=obj, actor=request.user),
        unconfirmed=_("Tick the box to confirm that you select this professional."),
        success=_("Selected. The placement is being arranged."),
        redirect_to=placement_url,
        refused_to=interest_url(obj),
    )
