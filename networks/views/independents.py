"""The coordinator admits independent professionals to the network (networks.independents)."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.lib.http import run_service
from marketplace.lib.requests import AuthenticatedHttpRequest
from networks.access import coordinator_required
from networks.admissions import admissions_of, independent_admit, independent_revoke
from networks.forms import IndependentAdmitForm, ReasonForm
from networks.models import Network

PAGE_SIZE = 50


def _url(network: Network) -> str:
    return reverse("networks:independents", kwargs={"slug": network.slug})


@require_http_methods(["GET", "POST"])
@coordinator_required
def independents(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network (with MFA): the admitted independents, and the form to admit one."""
    form = IndependentAdmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: independent_admit(network=network, actor=request.user, **form.cleaned_data),
            form=form,
            success=_("The independent professional has been admitted to the network."),
            redirect_to=_url(network),
        )
        if response is not None:
            return response
    page = Paginator(admissions_of(network), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"network": network, "form": form, "page": page, "reason_form": ReasonForm()}
    return render(request, "networks/independents.html", ctx, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def independent_revoke_view(request: AuthenticatedHttpRequest, network: Network, code: uuid.UUID) -> HttpResponse:
    """Coordinators of this network: end an admission, with a reason the person sees (404 for another network's)."""
    admission = get_object_or_404(network.independent_admissions.select_related("user", "network"), code=code)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    response = run_service(
        request,
        lambda: independent_revoke(admission=admission, actor=request.user, reason=reason),
        success=_("The admission has been revoked."),
        redirect_to=_url(network),
    )
    assert response is not None  # without a form, a refusal redirects as well
    return response
