"""Views of the placement workflow: reacting, working through reactions, placements, references."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments import hooks, services
from assignments.access_workflow import (
    get_interest_for_user,
    get_managed_assignment,
    get_placement_for_user,
    get_visible_assignment,
)
from assignments.forms_workflow import (
    ConsentForm,
    DeclineForm,
    InterestForm,
    IntroductionForm,
    ManagerForm,
    ReasonForm,
    ReferenceForm,
    SideActivityForm,
    TermsForm,
)
from assignments.models import Assignment, ConsentRequest, Interest, Placement, Reference
from assignments.selectors_workflow import (
    interest_counts,
    interests_of,
    my_interests,
    placement_signals,
    workflow_history,
)
from assignments.services.consent import ConsentLinkError, consent_check_usable
from assignments.services.interests import interest_url, is_owner, placement_url
from assignments.services.placements import current_consent, placement_blockers
from networks.selectors import viewer_for
from profiles.models import PortfolioEntry

CONSENT_SESSION_KEY = "assignments.consent_request"


def _apply(form: Any, call: Callable[[], Any]) -> Any:
    """Run a service and return its result; on refusal put the error on ``form`` and return None.

    So nothing the user typed is lost.
    """
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


# -- reacting ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def react(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, assignment visible (else 404), verified civil servant and not an owner (else 403)."""
    assignment = get_visible_assignment(request.user, code)
    if not viewer_for(request.user).is_verified or is_owner(request.user, assignment):
        raise PermissionDenied
    if hooks.origin_of(assignment) is not None:  # a copy from another Klusmarkt: react there
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _apply(
            form,
            lambda: services.interest_create(assignment=assignment, professional=request.user, **form.cleaned_data),
        )
        if created is not None:
            messages.success(request, _("Your reaction has been sent."))
            return redirect(interest_url(created))
    ctx = {"assignment": assignment, "form": form, "is_open": assignment.is_open}
    return render(request, "workflow/react.html", ctx, status=400 if request.method == "POST" else 200)


@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """Login: the person's own reactions and placements."""
    page = Paginator(my_interests(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "workflow/my_dashboard.html", {"page": page})


@require_POST
def interest_withdraw(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, the professional who reacted (others: 404 when not involved, 403 otherwise)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as="professional")
    if _apply_message(request, lambda: services.interest_withdraw(interest=obj, actor=request.user)):
        messages.success(request, _("Your reaction has been withdrawn."))
    return redirect(interest_url(obj))


def _surface_refusals(request: HttpRequest, form: Any) -> None:
    """Show a refusal that is not about one field at the top: the form may not be on the page."""
    for error in form.errors.pop(NON_FIELD_ERRORS, []):
        messages.error(request, error)


def _apply_message(request: HttpRequest, call: Callable[[], Any]) -> Any:
    """Run a service and return its result; on refusal show its message and return None."""
    try:
        return call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None


# -- the opdrachtgever works through reactions --------------------------------------------------


@require_GET
def interest_list(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner of a visible assignment (else 404 / 403)."""
    assignment = get_managed_assignment(request.user, code)
    page = Paginator(interests_of(assignment), 25).get_page(request.GET.get("page"))
    ctx = {"assignment": assignment, "page": page, "counts": interest_counts(assignment)}
    return render(request, "workflow/interest_list.html", ctx)


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
        "can_manage": role == "client" and interest.is_open,
        "can_withdraw": role == "professional" and interest.is_open,
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "introduction_form": forms.get("introduction_form") or IntroductionForm(),
    }
    return render(request, "workflow/interest_detail.html", ctx, status=status)


@require_GET
def interest_detail(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, involved in a reaction on a visible assignment: the professional, owners, coordinators."""
    obj, role = get_interest_for_user(request.user, code, interest)
    return _interest_page(request, obj, role)


@require_POST
def interest_shortlist(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as="client")
    if _apply_message(request, lambda: services.interest_shortlist(interest=obj, actor=request.user)):
        messages.success(request, _("The reaction is on the shortlist."))
    return redirect(interest_url(obj))


@require_POST
def interest_decline(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, role = get_interest_for_user(request.user, code, interest, act_as="client")
    form = DeclineForm(request.POST)
    if form.is_valid() and _apply(
        form, lambda: services.interest_decline(interest=obj, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The reaction has been declined; the professional has been told."))
        return redirect(interest_url(obj))
    _surface_refusals(request, form)
    return _interest_page(request, obj, role, status=400, decline_form=form)


@require_POST
def introduction_plan(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, role = get_interest_for_user(request.user, code, interest, act_as="client")
    form = IntroductionForm(request.POST)
    if form.is_valid() and _apply(
        form, lambda: services.introduction_plan(interest=obj, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The introduction is planned; both of you got an invitation."))
        return redirect(interest_url(obj))
    _surface_refusals(request, form)
    return _interest_page(request, obj, role, status=400, introduction_form=form)


@require_POST
def interest_select(request: HttpRequest, code: uuid.UUID, interest: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner (404 when not involved, 403 for the professional or a coordinator)."""
    obj, _role = get_interest_for_user(request.user, code, interest, act_as="client")
    placement = _apply_message(request, lambda: services.interest_select(interest=obj, actor=request.user))
    if placement is not None:
        messages.success(request, _("Selected. The placement is being arranged."))
        return redirect(placement_url(placement))
    return redirect(interest_url(obj))


# -- placements ---------------------------------------------------------------------------------


def _placement_page(
    request: HttpRequest, placement: Placement, role: str, status: int = 200, **forms: Any
) -> HttpResponse:
    acting = role in ("professional", "client")
    preparing = placement.status == Placement.Status.PREPARING
    references = list(placement.references.all())
    given = {r.direction for r in references}
    own_direction = (
        Reference.Direction.ABOUT_CLIENT if role == "professional" else Reference.Direction.ABOUT_PROFESSIONAL
    )
    entry = PortfolioEntry.objects.filter(
        placement_code=placement.code, profile__user_id=placement.professional_id
    ).first()
    ctx = {
        "assignment": placement.assignment,
        "placement": placement,
        "interest": placement.interest,
        "role": role,
        "signals": placement_signals(placement),
        "blockers": placement_blockers(placement) if preparing else [],
        "consent": current_consent(placement),
        "history": workflow_history(placement.interest),
        "references": references,
        "portfolio_entry": entry,
        "can_prepare": acting and preparing,
        "is_professional": role == "professional",
        "can_confirm": acting and preparing and placement.has_terms and not _confirmed_by(placement, role),
        "can_complete": acting and placement.status == Placement.Status.RUNNING,
        "can_cancel": acting and placement.status in (Placement.Status.PREPARING, Placement.Status.RUNNING),
        "can_give_reference": acting and placement.status == Placement.Status.COMPLETED and own_direction not in given,
        "manager_form": forms.get("manager_form") or ManagerForm(),
        "side_activity_form": forms.get("side_activity_form")
        or SideActivityForm(initial={"side_activity": placement.side_activity or None}),
        "terms_form": forms.get("terms_form") or TermsForm(initial=_terms_initial(placement)),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
        "reference_form": forms.get("reference_form") or ReferenceForm(),
    }
    return render(request, "workflow/placement_detail.html", ctx, status=status)


def _confirmed_by(placement: Placement, role: str) -> bool:
    if role == "professional":
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


def _placement_form_action(
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
    if form.is_valid() and _apply(form, lambda: service(placement=placement, actor=request.user, **form.cleaned_data)):
        messages.success(request, success)
        return redirect(placement_url(placement))
    _surface_refusals(request, form)
    return _placement_page(request, placement, role, status=400, **{form_name: form})


BOTH = ("professional", "client")


@require_POST
def placement_manager(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return _placement_form_action(
        request,
        code,
        form_class=ManagerForm,
        form_name="manager_form",
        act_as="professional",
        service=services.placement_request_consent,
        success=_("Your leidinggevende has been asked for consent."),
    )


@require_POST
def placement_side_activity(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return _placement_form_action(
        request,
        code,
        form_class=SideActivityForm,
        form_name="side_activity_form",
        act_as="professional",
        service=lambda placement, actor, side_activity: services.placement_record_side_activity(
            placement=placement, actor=actor, value=side_activity
        ),
        success=_("Recorded."),
    )


@require_POST
def placement_terms(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return _placement_form_action(
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
    if _apply_message(request, lambda: services.placement_confirm_terms(placement=placement, actor=request.user)):
        messages.success(request, _("You confirmed the terms."))
    return redirect(placement_url(placement))


@require_POST
def placement_complete(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    placement, _role = get_placement_for_user(request.user, code, act_as=BOTH)
    if _apply_message(request, lambda: services.placement_complete(placement=placement, actor=request.user)):
        messages.success(request, _("The placement is completed. Please give a reference."))
    return redirect(placement_url(placement))


@require_POST
def placement_cancel(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional or an owner (403 for coordinators, 404 for the rest)."""
    return _placement_form_action(
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
    return _placement_form_action(
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
    """Public by its unguessable code: the reference itself, for verification elsewhere."""
    reference = get_object_or_404(
        Reference.objects.select_related("placement__assignment__organisation", "placement__professional"),
        code=code,
        direction=Reference.Direction.ABOUT_PROFESSIONAL,
    )
    assignment = reference.placement.assignment
    ctx = {
        "reference": reference,
        "placement": reference.placement,
        "organisation": assignment.organisation,
        # Only a public assignment's title may be shown to whoever holds the link.
        "title": assignment.title if assignment.audience == Assignment.Audience.PUBLIC else "",
        "verify_url": request.build_absolute_uri(),
    }
    return render(request, "workflow/reference.html", ctx)


@require_POST
def reference_accept(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional the reference is about (404 for everyone else)."""
    reference = get_object_or_404(
        Reference.objects.select_related("placement__assignment__organisation"),
        code=code,
        placement__professional=request.user,
        direction=Reference.Direction.ABOUT_PROFESSIONAL,
    )
    if _apply_message(request, lambda: services.reference_accept(reference=reference, actor=request.user)):
        messages.success(request, _("The reference is now on your portfolio."))
    return redirect(placement_url(reference.placement))


# -- the leidinggevende, without an account --------------------------------------------------------


@login_not_required
@never_cache
@require_GET
def consent_link(request: HttpRequest, token: str) -> HttpResponse:
    """Public with a valid link: keeps the request in the session and drops the token from the URL."""
    try:
        consent = services.consent_request_from_token(token)
    except ConsentLinkError as exc:
        return _consent_refused(request, exc.kind)
    request.session[CONSENT_SESSION_KEY] = consent.pk
    return redirect("assignments:consent")


def _consent_refused(request: HttpRequest, kind: str) -> HttpResponse:
    status = {"invalid": 404, "expired": 410, "used": 410}[kind]
    return render(request, "workflow/consent_refused.html", {"kind": kind}, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """Public, for whoever opened a valid consent link in this browser session."""
    consent_id = request.session.get(CONSENT_SESSION_KEY)
    try:
        consent = consent_check_usable(
            ConsentRequest.objects.select_related("placement__assignment__organisation", "placement__professional")
            .filter(pk=consent_id)
            .first()
            if consent_id
            else None
        )
    except ConsentLinkError as exc:
        return _consent_refused(request, exc.kind)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_decide(
                consent=consent,
                consented=form.cleaned_data["decision"] == "consent",
                comment=form.cleaned_data["comment"],
            )
        except ConsentLinkError as exc:
            return _consent_refused(request, exc.kind)
        request.session.pop(CONSENT_SESSION_KEY, None)
        return render(request, "workflow/consent_done.html", {"consented": form.cleaned_data["decision"] == "consent"})
    placement = consent.placement
    ctx = {
        "consent": consent,
        "placement": placement,
        "assignment": placement.assignment,
        "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
        "form": form,
    }
    return render(request, "workflow/consent.html", ctx)
