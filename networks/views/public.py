"""Public network pages, joining and leaving, and the invitation link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.lib.http import attempt
from networks import hooks
from networks.access import can_coordinate, get_network
from networks.agreement.ledger import give_and_take
from networks.agreement.rates import rates_valid_on
from networks.forms import JoinForm
from networks.models import Membership, Network
from networks.selectors import (
    forget_viewer,
    may_join_on_own,
    membership_of,
    networks_with_counts,
    participating_organisations,
    viewer_for,
)
from networks.services import invitation_accept, invitation_find, membership_join, membership_leave


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: every network, with its number of participating organisations and members."""
    return render(request, "networks/list.html", {"networks": networks_with_counts()})


def _can_ask_to_join(network: Network, membership: Membership | None, in_network: bool, user: Any) -> bool:
    status = membership.status if membership else None
    if in_network or status in (Membership.Status.PENDING, Membership.Status.SUSPENDED):
        return False
    if status == Membership.Status.INVITED:
        return True
    if user.is_authenticated and not may_join_on_own(user):
        return False
    return network.join_policy != Network.JoinPolicy.INVITATION


@login_not_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: a network's description, organisations, member count and how to join."""
    network = get_object_or_404(networks_with_counts(), slug=slug)
    membership = membership_of(network, request.user)
    viewer = viewer_for(request.user)
    in_network = network.pk in viewer.network_ids
    ctx = {
        # An independent admitted to the network is in it without being a civil servant.
        "admitted": network.pk in viewer.independent_network_ids,
        "network": network,
        "description": network.description_for(get_language() or ""),
        "organisations": participating_organisations(network),
        "membership": membership,
        "in_network": in_network,
        "can_coordinate": can_coordinate(request.user, network),
        "can_join": _can_ask_to_join(network, membership, in_network, request.user),
        "panels": [panel(request, network) for panel in hooks.network_panels()],
        "public_rates": rates_valid_on([network.pk], timezone.localdate()),
        "ledger": give_and_take(network),
    }
    return render(request, "networks/detail.html", ctx)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Login: ask to join a network by its policy (open: at once; approval: a request; invitation: refused)."""
    network = get_network(slug)
    form = JoinForm(request.POST if request.method == "POST" else None, network=network)
    if request.method == "POST" and form.is_valid():
        joined, membership = attempt(
            request, lambda: membership_join(network=network, user=request.user, **form.cleaned_data), form=form
        )
        if joined:
            forget_viewer(request.user)
            if membership.status == Membership.Status.ACTIVE:
                messages.success(request, _("Welcome: you are now a member of %(network)s.") % {"network": network})
            else:
                messages.success(request, _("Your request has been sent to the coordinators."))
            return redirect("networks:detail", slug=network.slug)
    status = 200 if request.method == "GET" or not form.errors else 400
    membership = membership_of(network, request.user)
    in_network = network.pk in viewer_for(request.user).network_ids
    can_join = _can_ask_to_join(network, membership, in_network, request.user)
    ctx = {"network": network, "form": form, "can_join": can_join}
    return render(request, "networks/join.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Login: leave a network (or withdraw a request) after confirming."""
    network = get_network(slug)
    errors: list[str] = []
    if request.method == "POST":
        left, _membership = attempt(
            request, lambda: membership_leave(network=network, user=request.user), errors=errors
        )
        if left:
            forget_viewer(request.user)
            messages.success(request, _("You have left %(network)s.") % {"network": network})
            return redirect("networks:detail", slug=network.slug)
    ctx = {"network": network, "errors": errors, "membership": membership_of(network, request.user)}
    return render(request, "networks/leave.html", ctx, status=400 if errors else 200)


def _invitation_state(token: str) -> tuple[object, str, int]:
    invitation = invitation_find(token)
    if invitation is None:
        return None, "invalid", 404
    if invitation.used_at is not None or invitation.revoked_at is not None:
        return invitation, "used", 410
    if invitation.expires_at <= timezone.now():
        return invitation, "expired", 410
    return invitation, "valid", 200


@login_not_required
@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public (the token is the key): what the invitation is for, and how to accept it."""
    invitation, state, status = _invitation_state(token)
    if (
        state == "used"
        and invitation.used_by_id is not None
        and invitation.used_by_id == request.user.pk
        and Membership.objects.filter(
            network=invitation.network_id, user=request.user, status=Membership.Status.ACTIVE
        ).exists()
    ):
        # Confirming the invited address after signing up accepts the invitation, and the
        # sign-up's ``next`` leads back here: show the network, not "already used".
        return redirect("networks:detail", slug=invitation.network.slug)
    ctx = {
        "invitation": invitation if state != "invalid" else None,
        "state": state,
        "token": token,
        "login_url": f"{reverse('account_login')}?next={request.path}",
        "signup_url": f"{reverse('account_signup')}?next={request.path}",
    }
    return render(request, "networks/invitation.html", ctx, status=status)


@require_POST
def invitation_use(request: HttpRequest, token: str) -> HttpResponse:
    """Login: accept an invitation sent to one of the person's verified addresses."""
    invitation, state, status = _invitation_state(token)
    if invitation is None:
        return render(request, "networks/invitation.html", {"state": state}, status=status)
    errors: list[str] = []
    accepted, membership = attempt(
        request, lambda: invitation_accept(invitation=invitation, user=request.user), errors=errors
    )
    if not accepted:
        ctx = {"invitation": invitation, "state": state, "token": token, "errors": errors}
        return render(request, "networks/invitation.html", ctx, status=400 if status == 200 else status)
    forget_viewer(request.user)
    messages.success(request, _("Welcome: you are now a member of %(network)s.") % {"network": membership.network})
    return redirect("networks:detail", slug=membership.network.slug)
