"""Mijn Klusmarkt: one page that leads a logged-in person to everything that is theirs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assignments.models import Assignment
from assignments.selectors import my_assignment_counts
from marketplace.lib.requests import AuthenticatedHttpRequest
from matching import candidates
from networks.models import Network
from networks.selectors import viewer_for
from placements.selectors import my_interests
from profiles.models import Profile
from profiles.selectors import completeness, with_completeness

RECOMMENDED_ON_DASHBOARD = 3
REACTIONS_ON_DASHBOARD = 5


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Login: the person's own profile, recommendations, reactions, assignments and networks."""
    user = request.user
    viewer = viewer_for(user)
    profile = with_completeness(Profile.objects.filter(user=user)).first()
    score, tips = completeness(profile) if profile else (0, [])
    ctx = {
        "viewer": viewer,
        "profile": profile,
        "completeness": score,
        "open_tips": [tip for tip in tips if not tip.done][:3],
        "recommendations": candidates.recommendations_for_profile(user, profile, limit=RECOMMENDED_ON_DASHBOARD),
        "reactions": list(my_interests(user)[:REACTIONS_ON_DASHBOARD]),
        "assignment_counts": [
            (Assignment.Status(status).label, count) for status, count in my_assignment_counts(user).items()
        ]
        if viewer.is_verified
        else [],
        "coordinated": Network.objects.filter(pk__in=viewer.coordinated_network_ids).order_by("name"),
        "my_networks": Network.objects.filter(pk__in=viewer.network_ids).order_by("name"),
    }
    return render(request, "placements/dashboard.html", ctx)
