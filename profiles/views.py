from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from profiles.models import Profile


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: the profiles the visitor may see (Profile.objects.visible_to)."""
    profiles = (
        Profile.objects.visible_to(request.user)
        .select_related("field_of_work", "user__employment__organisation")
        .order_by("-last_active_at", "pk")
    )
    page = Paginator(profiles, 20).get_page(request.GET.get("page"))
    return render(request, "profiles/list.html", {"page": page})
