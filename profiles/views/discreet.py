"""The owner's page of who sees what, with discreet mode (issue 21 item 4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.lib.http import run_service
from profiles.access import get_own_profile
from profiles.discreet import profile_set_discreet, who_sees
from profiles.forms import DiscreetForm


@require_http_methods(["GET", "POST"])
def visibility(request: HttpRequest) -> HttpResponse:
    """Owner only: which groups see the profile, contact details, reactions and placements; discreet mode."""
    profile = get_own_profile(request.user)
    form = DiscreetForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_service(
            request,
            lambda: profile_set_discreet(
                profile=profile, discreet=data["discreet"], hidden_from=list(data["hidden_from"]), actor=profile.user
            ),
            form=form,
            success=_("Saved. The overview below shows who sees what now."),
            redirect_to=reverse("profiles:visibility"),
        )
        if response:
            return response
    ctx = {
        "profile": profile,
        "form": form,
        "groups": who_sees(profile),
        "employment": getattr(profile.user, "employment", None),
    }
    return render(request, "profiles/visibility.html", ctx, status=400 if form.errors else 200)
