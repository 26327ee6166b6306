"""Views of matching: recommendations, suitable professionals, invitations and saved searches."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments.access import get_manageable_assignment
from assignments.models import Assignment
from marketplace.lib.http import run_service
from matching import candidates
from matching import saved_searches as searches
from matching.forms import SavedSearchForm
from matching.models import SavedSearch
from matching.services.digests import feedback_not_interested, match_invite
from profiles.models import Profile


@require_GET
def recommended(request: HttpRequest) -> HttpResponse:
    """Login: the best open assignments for the person's own profile, among those they may see."""
    profile = Profile.objects.filter(user=request.user).first()
    recommendations = candidates.recommendations_for_profile(request.user, profile, limit=20)
    return render(
        request,
        "matching/recommended.html",
        {"recommendations": recommendations, "has_profile": profile is not None},
    )


@require_GET
def suitable(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner: suitable professionals among the profiles the person may see."""
    assignment = get_manageable_assignment(request.user, code)
    rows = candidates.suitable_profiles(assignment, request.user) if assignment.is_open else []
    return render(request, "matching/suitable.html", {"assignment": assignment, "rows": rows})


@require_POST
def invite(request: HttpRequest, code: uuid.UUID, profile_code: uuid.UUID) -> HttpResponse:
    """Login, poster or co-owner, profile visible to them: invite the professional to react."""
    assignment = get_manageable_assignment(request.user, code)
    profile = get_object_or_404(Profile.objects.visible_to(request.user).select_related("user"), code=profile_code)
    return run_service(
        request,
        lambda: match_invite(assignment=assignment, profile=profile, actor=request.user),
        success=_("%(name)s has been invited to react.") % {"name": profile.display_name},
        redirect_to=reverse("matching:suitable", kwargs={"code": assignment.code}),
    )


@require_http_methods(["GET", "POST"])
def saved_searches(request: HttpRequest) -> HttpResponse:
    """Login: the person's own saved searches; POST (name, query) saves one."""
    query = request.GET.get("query", "")
    # Named after what will be saved: the filters the form can use (a wrong one is left out, as on the list).
    params = {k: v for k, v in searches.search_params(searches.normalised_query(query)).items() if k != "sort"}
    initial = {"query": query, "name": searches.describe(params) if params else ""}
    form = SavedSearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: searches.saved_search_create(user=request.user, **form.cleaned_data),
            form=form,
            success=_("Your search has been saved. New assignments it finds will be sent to you."),
            redirect_to=reverse("matching:saved-searches"),
        )
        if response is not None:
            return response
    items = SavedSearch.objects.filter(user=request.user).order_by("name")
    context = {"form": form, "items": items, "offer": "query" in request.GET or request.method == "POST"}
    return render(request, "matching/saved_searches.html", {**context, "empty_search": not params})


@require_http_methods(["GET", "POST"])
def not_interested(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, assignment visible: GET asks, POST stores "niet interessant" (it lowers similar matches)."""
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("organisation"), code=code
    )
    profile = Profile.objects.filter(user=request.user).first()
    if request.method == "POST" and profile is not None:
        feedback_not_interested(profile=profile, assignment=assignment)
        messages.success(
            request, _("Thank you. We will not suggest this assignment again and show similar ones less often.")
        )
        return redirect("matching:recommended")
    return render(request, "matching/not_interested.html", {"assignment": assignment, "has_profile": bool(profile)})


@require_POST
def saved_search_delete(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, owner: delete one of the person's own saved searches (others' answer 404)."""
    saved = get_object_or_404(SavedSearch.objects.filter(user=request.user), code=code)
    searches.saved_search_delete(user=request.user, saved=saved)
    messages.success(request, _("The saved search has been deleted."))
    return redirect("matching:saved-searches")
