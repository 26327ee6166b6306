"""The coordinator's pages for the network's agreement: the public rate table and the ledger's reminders."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.lib.http import run_service
from marketplace.lib.requests import AuthenticatedHttpRequest
from networks.access import coordinator_required
from networks.agreement.ledger import ledger_remind, period_from
from networks.agreement.rates import network_rates, public_rate_add, public_rate_remove
from networks.forms import LedgerReminderForm, PublicRateForm
from networks.models import Network
from networks.selectors import participating_organisations


@require_http_methods(["GET", "POST"])
@coordinator_required
def rates(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network (with MFA): the public rate table, and a line to add."""
    form = PublicRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: public_rate_add(network=network, actor=request.user, **form.cleaned_data),
            form=form,
            success=_("The rate has been added."),
            redirect_to=reverse("networks:rates", kwargs={"slug": network.slug}),
        )
        if response is not None:
            return response
    ctx = {"network": network, "form": form, "rates": network_rates(network)}
    return render(request, "networks/rates.html", ctx, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def rate_remove(request: AuthenticatedHttpRequest, network: Network, code: uuid.UUID) -> HttpResponse:
    """Coordinators of this network: remove a line of its rate table (another network's is a 404)."""
    rate = get_object_or_404(network.public_rates, code=code)
    response = run_service(
        request,
        lambda: public_rate_remove(rate=rate, actor=request.user),
        success=_("The rate has been removed."),
        redirect_to=reverse("networks:rates", kwargs={"slug": network.slug}),
    )
    assert response is not None  # without a form a refusal redirects too
    return response


@require_POST
@coordinator_required
def ledger_reminder(request: AuthenticatedHttpRequest, network: Network, organisation: str) -> HttpResponse:
    """Coordinators of this network: remind a participating organisation of the agreement (once a month)."""
    found = get_object_or_404(participating_organisations(network), slug=organisation)
    form = LedgerReminderForm(request.POST)
    key = form.cleaned_data["periode"] if form.is_valid() else ""
    period = period_from(key)
    back = reverse("networks:dashboard", kwargs={"slug": network.slug}) + f"?periode={period.key}#give-and-take"
    response = run_service(
        request,
        lambda: ledger_remind(network=network, organisation=found, actor=request.user, period=period),
        success=_("A reminder has been sent to the HR contacts of %(organisation)s.") % {"organisation": found},
        redirect_to=back,
    )
    assert response is not None  # without a form a refusal redirects too
    return response
