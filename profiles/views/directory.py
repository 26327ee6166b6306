from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.lib.htmx import render_list
from marketplace.lib.pagination import CappedPaginator
from profiles.filters import ProfileFilter, expertise_suggestions
from profiles.selectors import capped_count_and_fields, directory

PAGE_SIZE = 20


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: the talent directory, only profiles the visitor may see (Profile.objects.visible_to)."""
    filterset, profiles = directory(request.user, ProfileFilter, request.GET)
    # Counts stop at 1,000 ("1,000+"): a full count scans every visible profile (docs/performance.md).
    # The capped count and the per-field breakdown come from one query over the same capped rows.
    paginator = CappedPaginator(profiles, PAGE_SIZE)
    paginator.counted, fields = capped_count_and_fields(profiles, paginator.cap)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "filter": filterset,
        "page": page,
        # Exact per-field counts over the visible results, only while they are few enough to
        # count cheaply; past the cap the breakdown is left out rather than estimated.
        "fields": [] if page.paginator.is_capped else fields,
        "query_string": query.urlencode(),
    }
    return render_list(request, "profiles/list.html", "profiles/fragment_results.html", ctx)


@require_GET
def expertise_autocomplete(request: HttpRequest) -> HttpResponse:
    """Logged in: expertise tags the viewer may see in use that start with the last word typed."""
    typed = request.GET.get("expertise_text", "")
    last = typed.rsplit(",", 1)[-1]
    ctx = {"suggestions": expertise_suggestions(request.user, last)}
    return render(request, "profiles/fragment_expertise.html", ctx)
