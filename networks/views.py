from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from networks.models import Membership, Network


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: every network, with its number of participating organisations and members."""
    networks = Network.objects.annotate(
        organisation_count=Count("participations", distinct=True),
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE), distinct=True),
    )
    return render(request, "networks/list.html", {"networks": networks})
