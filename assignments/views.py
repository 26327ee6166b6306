from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assignments.models import Assignment


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: open assignments the visitor may see (Assignment.objects.visible_to)."""
    assignments = (
        Assignment.objects.visible_to(request.user)
        .open()
        .select_related("organisation")
        .order_by("-published_at", "pk")
    )
    page = Paginator(assignments, 20).get_page(request.GET.get("page"))
    return render(request, "assignments/list.html", {"page": page})
