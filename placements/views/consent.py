"""The leidinggevende's consent, given through a signed link without an account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from assignments.models import Assignment
from placements import services
from placements.forms import (
    ConsentForm,
)
from placements.models import ConsentRequest
from placements.services.consent import ConsentLinkError, consent_check_usable
from placements.views.common import CONSENT_SESSION_KEY

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
    return redirect("placements:consent")


def _consent_refused(request: HttpRequest, kind: str) -> HttpResponse:
    status = {"invalid": 404, "expired": 410, "used": 410}[kind]
    return render(request, "placements/consent_refused.html", {"kind": kind}, status=status)


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
        return render(
            request, "placements/consent_done.html", {"consented": form.cleaned_data["decision"] == "consent"}
        )
    placement = consent.placement
    ctx = {
        "consent": consent,
        "placement": placement,
        "assignment": placement.assignment,
        "show_title": placement.assignment.audience == Assignment.Audience.PUBLIC,
        "form": form,
    }
    return render(request, "placements/consent.html", ctx)
