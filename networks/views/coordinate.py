"""The coordinator's workspace: queue, members, moderation, invitations, history, partnerships."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.lib.htmx import render_list
from marketplace.lib.http import attempt, run_service
from marketplace.services import audit_history
from networks import services
from networks.access import coordinator_required, get_network_membership, get_received_partnership
from networks.agreement.ledger import give_and_take, period_from, periods
from networks.filters import MemberFilter
from networks.forms import InviteForm, LedgerPeriodForm, PartnershipForm, ReasonForm
from networks.models import Membership, Network, Partnership
from networks.selectors import (
    CHART_HEIGHT,
    CHART_WIDTH,
    memberships_in_order,
    network_charts,
    network_history,
    network_invitations,
    network_memberships,
    network_memberships_by_name,
    network_partnerships,
    network_queue,
)

PAGE_SIZE = 50


@require_GET
@coordinator_required
def dashboard(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network (with MFA): give and take per organisation, members over time."""
    ledger = give_and_take(network, period_from(request.GET.get("periode")))
    choices = [(p.key, p.label) for p in periods()]
    ctx = {
        "network": network,
        "ledger": ledger,
        "columns": ledger.columns,
        "rows": ledger.rows,
        "missing": ledger.not_giving,
        "period_form": LedgerPeriodForm(initial={"periode": ledger.period.key}, choices=choices),
        "charts": network_charts(network),
        "chart_width": CHART_WIDTH,
        "chart_height": CHART_HEIGHT,
        "queue_count": network_queue(network).count(),
    }
    return render(request, "networks/dashboard.html", ctx)


@require_GET
@coordinator_required
def queue(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: the requests waiting for a decision, oldest first."""
    page = Paginator(network_queue(network), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "networks/queue.html", {"network": network, "page": page, "reason_form": ReasonForm()})


def _filtered_members(request: HttpRequest, network: Network, memberships: Any) -> MemberFilter:
    return MemberFilter(request.GET or None, queryset=memberships, network=network)


@require_GET
@coordinator_required
def members(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: the member list, filtered by status, role, organisation, text."""
    filterset = _filtered_members(request, network, network_memberships_by_name(network))
    # Page through ids only (no joins), then load the page's 50 rows with user and employer.
    page = Paginator(filterset.qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = memberships_in_order(network, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"network": network, "filter": filterset, "page": page, "query_string": query.urlencode()}
    return render_list(request, "networks/members.html", "networks/fragment_members.html", ctx)


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@coordinator_required
def members_export(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: the (filtered) member list as CSV."""
    filterset = _filtered_members(request, network, network_memberships(network))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    name = slugify(pgettext("file name of the member export", "members"))
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-{name}-{stamp}.csv"'
    # Excel reads a CSV as UTF-8 only after a byte-order mark, and splits columns at the list
    # separator of the reader's locale: ";" where the decimal separator is a comma (Dutch).
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if get_language().startswith("nl") else ",")
    writer.writerow([_("Name"), _("Email"), _("Organisation"), _("Role"), _("Status"), _("Since")])
    for membership in filterset.qs.iterator(chunk_size=2000):
        employment = getattr(membership.user, "employment", None)
        since = membership.decided_at or membership.created_at
        writer.writerow(
            [
                _cell(membership.user.full_name),
                _cell(membership.user.email),
                _cell(employment.organisation.name if employment else ""),
                membership.get_role_display(),
                membership.get_status_display(),
                timezone.localtime(since).date().isoformat(),
            ]
        )
    return response


@require_GET
@coordinator_required
def member(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: one membership, what may be done with it, and its history."""
    membership = get_network_membership(network, code)
    ctx = {
        "network": network,
        "membership": membership,
        "history": audit_history(membership)[:100],
        "reason_form": ReasonForm(),
        "is_self": membership.user_id == request.user.pk,
    }
    return render(request, "networks/member.html", ctx)


def _moderate(
    request: HttpRequest, network: Network, code: Any, action: Callable[..., Membership], *, needs_reason: bool
) -> HttpResponse:
    membership = get_network_membership(network, code)
    kwargs: dict[str, Any] = {"membership": membership, "actor": request.user}
    form = ReasonForm(request.POST) if needs_reason else None
    if form is not None:
        if not form.is_valid():
            return _member_error(request, network, membership, form)
        kwargs["reason"] = form.cleaned_data["reason"]
    errors: list[str] = []
    done, _result = attempt(request, lambda: action(**kwargs), form=form, errors=errors)
    if not done:
        return _member_error(request, network, membership, form or ReasonForm(), errors=errors)
    messages.success(request, _("Saved: %(person)s is %(status)s.") % _describe(membership))
    if request.POST.get("from") == "queue":
        return redirect("networks:queue", slug=network.slug)
    return redirect("networks:member", slug=network.slug, code=membership.code)


def _describe(membership: Membership) -> dict[str, Any]:
    status = membership.get_status_display()
    if membership.role == Membership.Role.COORDINATOR:
        status = f"{status} ({membership.get_role_display()})"
    return {"person": membership.user, "status": status}


def _member_error(
    request: HttpRequest, network: Network, membership: Membership, form: ReasonForm, errors: list[str] | None = None
) -> HttpResponse:
    membership.refresh_from_db()
    ctx = {
        "errors": [*(errors or []), *form.non_field_errors()],
        "network": network,
        "membership": membership,
        "history": audit_history(membership)[:100],
        "reason_form": form,
        "is_self": membership.user_id == request.user.pk,
    }
    return render(request, "networks/member.html", ctx, status=400)


@require_POST
@coordinator_required
def member_admit(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: admit a waiting request."""
    return _moderate(request, network, code, services.membership_admit, needs_reason=False)


@require_POST
@coordinator_required
def member_reject(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: reject a waiting request, with a reason the person sees."""
    return _moderate(request, network, code, services.membership_reject, needs_reason=True)


@require_POST
@coordinator_required
def member_suspend(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: suspend an active member, with a reason."""
    return _moderate(request, network, code, services.membership_suspend, needs_reason=True)


@require_POST
@coordinator_required
def member_reinstate(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: reinstate a suspended member, with a reason."""
    return _moderate(request, network, code, services.membership_reinstate, needs_reason=True)


@require_POST
@coordinator_required
def member_promote(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of this network: make an active member a coordinator."""
    return _moderate(request, network, code, services.membership_promote, needs_reason=False)


@require_GET
@coordinator_required
def history(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: every decision (who, what, when, why), newest first."""
    page = Paginator(network_history(network), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "networks/history.html", {"network": network, "page": page})


@require_http_methods(["GET", "POST"])
@coordinator_required
def invite(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: invite someone by email; the recent invitations."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.invitation_create(network=network, actor=request.user, **form.cleaned_data),
            form=form,
            success=_("The invitation has been sent to %(email)s.") % form.cleaned_data,
            redirect_to=reverse("networks:invite", kwargs={"slug": network.slug}),
        )
        if response is not None:
            return response
    page = Paginator(network_invitations(network), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"network": network, "form": form, "page": page, "now": timezone.now()}
    return render(request, "networks/invite.html", ctx, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def partnerships(request: HttpRequest, network: Network) -> HttpResponse:
    """Coordinators of this network: linked networks, proposals waiting, and a proposal form."""
    form = PartnershipForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.partnership_propose(
                proposer=network, partner=form.cleaned_data["partner"], actor=request.user
            ),
            form=form,
            success=_("Your proposal has been sent to the other network's coordinators."),
            redirect_to=reverse("networks:partnerships", kwargs={"slug": network.slug}),
        )
        if response is not None:
            return response
    ctx = {
        "network": network,
        "form": form,
        "partnerships": network_partnerships(network),
        "proposed": Partnership.Status.PROPOSED,
    }
    return render(request, "networks/partnerships.html", ctx, status=400 if form.errors else 200)


def _decide(request: HttpRequest, network: Network, code: Any, *, accept: bool) -> HttpResponse:
    partnership = get_received_partnership(network, code)
    return run_service(
        request,
        lambda: services.partnership_decide(partnership=partnership, actor=request.user, accept=accept),
        success=_("Saved."),
        redirect_to=reverse("networks:partnerships", kwargs={"slug": network.slug}),
    )


@require_POST
@coordinator_required
def partnership_accept(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of the network a partnership was proposed to: accept it."""
    return _decide(request, network, code, accept=True)


@require_POST
@coordinator_required
def partnership_decline(request: HttpRequest, network: Network, code: Any) -> HttpResponse:
    """Coordinators of the network a partnership was proposed to: decline it."""
    return _decide(request, network, code, accept=False)
