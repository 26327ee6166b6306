"""The one lookup per object for network views: 404 for what does not exist, 403 to act without the role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from marketplace.middleware import ask_for_mfa
from networks.models import Membership, Network, Partnership
from networks.selectors import viewer_for


def get_network(slug: str) -> Network:
    """Networks are public: every visitor may see every network page."""
    return get_object_or_404(Network, slug=slug)


def can_coordinate(user: Any, network: Network) -> bool:
    return network.pk in viewer_for(user).coordinated_network_ids


def get_coordinated_network(user: Any, slug: str) -> Network:
    """The network ``slug`` if ``user`` coordinates it; 403 otherwise (the network itself is public)."""
    network = get_network(slug)
    if not can_coordinate(user, network):
        raise PermissionDenied
    return network


def get_network_membership(network: Network, code: Any) -> Membership:
    """A membership fetched through its (already authorised) network: another network's is a 404."""
    return get_object_or_404(network.memberships.select_related("user", "network"), code=code)


def get_received_partnership(network: Network, code: Any) -> Partnership:
    """A partnership proposed *to* ``network``: only its coordinators decide on it."""
    return get_object_or_404(Partnership.objects.select_related("proposer", "partner"), partner=network, code=code)


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Coordinators of this network only (403 for others), and only with MFA active.

    A coordinator without MFA is sent to allauth's authenticator setup first, and led back after.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        network = get_coordinated_network(request.user, slug)
        if not is_mfa_enabled(request.user):
            messages.warning(request, _("Coordinators must use two-factor authentication. Set it up first."))
            return ask_for_mfa(request)  # and back here after the setup
        return view(request, network, *args, **kwargs)

    return wrapper
