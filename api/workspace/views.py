"""The coordinator's workspace: the network's API keys (issue, list, revoke)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.federation.outbound import federation_link_create, federation_link_end
from api.forms import ApiClientForm, FederationLinkForm
from api.models import ApiClient, FederationLink
from api.services import api_client_issue, api_client_revoke
from marketplace.lib.requests import AuthenticatedHttpRequest
from networks.access import coordinator_required
from networks.models import Network


def _keys(network: Network) -> list[ApiClient]:
    return list(ApiClient.objects.filter(network=network).select_related("created_by", "revoked_by")[:200])


@require_http_methods(["GET", "POST"])
@coordinator_required
def keys(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network (with MFA): its API keys, and a form to issue one (shown once)."""
    form = ApiClientForm(request.POST or None)
    issued_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _client, issued_key = api_client_issue(network=network, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiClientForm()
    ctx = {"network": network, "form": form, "keys": _keys(network), "issued_key": issued_key}
    response = render(request, "api/keys.html", ctx, status=400 if form.errors else 200)
    if issued_key:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@coordinator_required
def key_revoke(request: AuthenticatedHttpRequest, network: Network, code: str) -> HttpResponse:
    """Coordinators of this network: revoke one of its keys (another network's key is a 404)."""
    client = get_object_or_404(ApiClient, network=network, code=code)
    api_client_revoke(client=client, actor=request.user)
    messages.success(request, _("The key “%(name)s” has been revoked.") % {"name": client.name})
    return redirect("api-workspace:keys", slug=network.slug)


def _links(network: Network) -> list[FederationLink]:
    return list(FederationLink.objects.filter(network=network).select_related("created_by")[:100])


@require_http_methods(["GET", "POST"])
@coordinator_required
def links(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network (with MFA): links with networks on other Klusmarkts, and a form to add one."""
    form = FederationLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            federation_link_create(network=network, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The link is made. Shared assignments are delivered in the background."))
            return redirect("api-workspace:links", slug=network.slug)
    ctx = {"network": network, "form": form, "links": _links(network), "own_url": settings.SITE_URL}
    return render(request, "api/links.html", ctx, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def link_end(request: AuthenticatedHttpRequest, network: Network, code: str) -> HttpResponse:
    """Coordinators of this network: end a link; what it delivered is withdrawn at the other side."""
    link = get_object_or_404(FederationLink, network=network, code=code)
    federation_link_end(link=link, actor=request.user)
    messages.success(request, _("The link has ended; its assignments are withdrawn at the other Klusmarkt."))
    return redirect("api-workspace:links", slug=network.slug)
