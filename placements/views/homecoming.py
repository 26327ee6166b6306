"""What a placement brought home: the learning record, the home leidinggevende's answer, the summaries."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments.models import Assignment
from networks.access import coordinator_required
from networks.models import Network
from networks.organisation_rules import get_organisation, is_hr_contact
from placements.access import Role
from placements.forms import HomeFeedbackForm, HomeManagerForm, LearningForm
from placements.learning import HomeFeedbackRequest
from placements.services.consent import ConsentLinkError
from placements.services.homecoming import (
    home_feedback_answer,
    home_feedback_check_usable,
    home_feedback_from_token,
    home_feedback_request,
    learning_record_save,
)
from placements.summaries import MIN_GROUP, closed_periods, network_summaries, organisation_summaries, period_from
from placements.views.placements import placement_form_action

HOME_FEEDBACK_SESSION_KEY = "placements.home_feedback_request"


@require_POST
def placement_learning(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=LearningForm,
        form_name="learning_form",
        act_as=Role.PROFESSIONAL,
        service=learning_record_save,
        success=_("Thank you: what the placement brought you is recorded."),
    )


@require_POST
def placement_home_manager(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, the professional of the placement (403 for others involved, 404 for the rest)."""
    return placement_form_action(
        request,
        code,
        form_class=HomeManagerForm,
        form_name="home_manager_form",
        act_as=Role.PROFESSIONAL,
        service=home_feedback_request,
        success=_("Your leidinggevende has been asked what the placement meant for the team."),
    )


# -- the home leidinggevende, without an account ----------------------------------------------------


def _refused(request: HttpRequest, kind: str) -> HttpResponse:
    status = {"invalid": 404, "expired": 410, "used": 410}[kind]
    return render(request, "placements/consent_refused.html", {"kind": kind}, status=status)


@login_not_required
@never_cache
@require_GET
def home_feedback_link(request: HttpRequest, token: str) -> HttpResponse:
    """Public with a valid link: keeps the request in the session and drops the token from the URL."""
    try:
        feedback = home_feedback_from_token(token)
    except ConsentLinkError as exc:
        return _refused(request, exc.kind)
    request.session[HOME_FEEDBACK_SESSION_KEY] = feedback.pk
    return redirect("placements:home-feedback")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def home_feedback(request: HttpRequest) -> HttpResponse:
    """Public, for whoever opened a valid home feedback link in this browser session."""
    feedback_id = request.session.get(HOME_FEEDBACK_SESSION_KEY)
    try:
        feedback = home_feedback_check_usable(
            HomeFeedbackRequest.objects.select_related("placement__assignment__organisation", "placement__professional")
            .filter(pk=feedback_id)
            .first()
            if feedback_id
            else None
        )
    except ConsentLinkError as exc:
        return _refused(request, exc.kind)
    form = HomeFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            home_feedback_answer(request=feedback, **form.cleaned_data)
        except ConsentLinkError as exc:
            return _refused(request, exc.kind)
        request.session.pop(HOME_FEEDBACK_SESSION_KEY, None)
        return render(request, "placements/home_feedback_done.html")
    placement = feedback.placement
    ctx = {
        "feedback": feedback,
        "placement": placement,
        "assignment": placement.assignment,
        "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
        "form": form,
    }
    return render(request, "placements/home_feedback.html", ctx, status=400 if form.errors else 200)


# -- the anonymised summaries ---------------------------------------------------------------------------


def _summary_page(request: HttpRequest, subject: str, summaries: list, periods: list) -> HttpResponse:
    selected = period_from(request.GET.get("periode"), periods)
    ctx = {
        "subject": subject,
        "summaries": summaries,
        "selected": next(s for s in summaries if s.period == selected),
        "min_group": MIN_GROUP,
    }
    return render(request, "placements/homecoming_summary.html", ctx)


@require_GET
def organisation_homecoming(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's HR contacts only (403 for others; 404 for an unknown organisation)."""
    organisation = get_organisation(slug)
    if not is_hr_contact(request.user, organisation):
        raise PermissionDenied
    periods = closed_periods()
    return _summary_page(request, organisation.name, organisation_summaries(organisation, periods), periods)


@require_GET
@coordinator_required
def network_homecoming(request: HttpRequest, network: Network) -> HttpResponse:
    """The network's coordinators only, with MFA (403 for others; 404 for an unknown network)."""
    periods = closed_periods()
    return _summary_page(request, network.name, network_summaries(network, periods), periods)
