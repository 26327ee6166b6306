"""Assignment pages: finding work, the detail page, posting, moderating and the dashboards."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments import hooks, services
from assignments.access import can_moderate, get_assignment_for_user, get_manageable_assignment
from assignments.filters import FACETS, AssignmentFilter, facet_counts, label_with_counts
from assignments.forms import AssignmentForm, CancelForm, SendBackForm
from assignments.models import Assignment
from assignments.policy import CLIENT_PREDICATE
from assignments.public_rate import public_rates_of
from assignments.selectors import (
    assignment_history,
    can_see_history,
    moderation_queue,
    my_assignment_counts,
    my_assignments,
)
from marketplace.lib.htmx import render_list
from marketplace.lib.http import run_service
from marketplace.lib.mfa import ask_for_mfa_before
from networks.selectors import viewer_for

PAGE_SIZE = 20


def _detail_url(assignment: Assignment) -> str:
    return reverse("assignments:detail", kwargs={"code": assignment.code})


# /klussen/


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public: open assignments the visitor may see (visible_to), searched, filtered and counted."""
    base = Assignment.objects.visible_to(request.user).open()
    filterset = AssignmentFilter(request.GET or None, queryset=base)
    # A list, not the related manager: ``.all()`` on a prefetched relation builds a manager and a
    # queryset for every card (a quarter of the cards' rendering time).
    forms = Prefetch("engagement_forms", to_attr="engagement_form_list")
    results = filterset.ordered().select_related("organisation", "region").prefetch_related(forms)
    counts = facet_counts(filterset.qs)
    paginator = Paginator(results, PAGE_SIZE)
    # Every assignment has exactly one remote option, so that facet sums to the total: no COUNT(*).
    paginator.count = sum(counts["remote"].values())
    page = paginator.get_page(request.GET.get("page"))
    hooks.annotate_cards(request.user, page.object_list)
    label_with_counts(filterset.form, counts)
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "filter": filterset,
        "page": page,
        "total": page.paginator.count,
        "query_string": query.urlencode(),
        "facet_names": FACETS,
    }
    return render_list(request, "assignments/list.html", "assignments/fragment_results.html", ctx)


@login_not_required
@require_GET
def detail(request: HttpRequest, code: UUID) -> HttpResponse:
    """Public for a public assignment; otherwise whoever visible_to allows (404 for the rest)."""
    assignment, manageable = get_assignment_for_user(request.user, code)
    status = assignment.status
    viewer = viewer_for(request.user)
    origin = hooks.origin_of(assignment)
    networks, engagement_forms = list(assignment.networks.all()), list(assignment.engagement_forms.all())
    ctx: dict[str, Any] = {
        "assignment": assignment,
        "origin": origin,
        "can_manage": manageable,
        "can_edit": manageable and status in services.posting.EDITABLE_STATUSES,
        "can_publish": manageable and status == Assignment.Status.DRAFT,
        "can_close": manageable and assignment.can_move_to(Assignment.Status.CLOSED),
        "can_cancel": manageable and assignment.can_move_to(Assignment.Status.CANCELLED),
        "can_duplicate": manageable and viewer.is_verified,
        "can_moderate": can_moderate(request.user, assignment),
        # The reaction form belongs to the workflow: only an open assignment takes reactions.
        # A copy from another Klusmarkt takes its reactions there (the origin link); a passed
        # deadline makes the assignment closed (is_open).
        "can_react": assignment.is_open and origin is None and viewer.may_react and not manageable,
        "is_preview": status in (Assignment.Status.DRAFT, Assignment.Status.AWAITING_MODERATION),
        "networks": networks,
        "engagement_forms": engagement_forms,
        "public_rates": public_rates_of(assignment, networks, engagement_forms),
        "expertise": assignment.expertise.all(),
        "core_qualities": assignment.core_qualities.all(),
        "cancel_form": CancelForm(),
        "jsonld": _job_posting_jsonld(request, assignment),
    }
    if can_see_history(request.user, assignment, manageable=manageable):
        ctx["history"] = assignment_history(assignment)
    return render(request, "assignments/detail.html", ctx)


def _job_posting_jsonld(request: HttpRequest, assignment: Assignment) -> str:
    """schema.org JobPosting for public open assignments only, escaped for a <script> data block."""
    if assignment.audience != Assignment.Audience.PUBLIC or not assignment.is_open:
        return ""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": assignment.title,
        "description": assignment.description,
        "identifier": {"@type": "PropertyValue", "name": "Klusmarkt", "value": str(assignment.code)},
        "datePosted": assignment.published_at.date().isoformat() if assignment.published_at else None,
        "validThrough": assignment.deadline.isoformat() if assignment.deadline else None,
        "employmentType": "TEMPORARY",
        "url": request.build_absolute_uri(reverse("assignments:detail", kwargs={"code": assignment.code})),
        "hiringOrganization": {
            "@type": "GovernmentOrganization",
            "name": assignment.organisation.name,
            **({"sameAs": assignment.organisation.website} if assignment.organisation.website else {}),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": assignment.place or None,
                "addressRegion": assignment.region.name if assignment.region else None,
                "addressCountry": "NL",
            },
        },
    }
    if assignment.remote_option == Assignment.RemoteOption.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
    if assignment.compensation == Assignment.Compensation.PUBLIC_RATE and assignment.rate:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "value": assignment.rate, "unitText": "HOUR"},
        }
    text = json.dumps(_without_nones(data), cls=DjangoJSONEncoder, ensure_ascii=False)
    # The same escaping as json_script: no "</script>" or HTML can break out of the data block.
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))


def _without_nones(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    return value


# Posting


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Login: verified government employees only (403 for others)."""
    if not viewer_for(request.user).is_verified:
        raise PermissionDenied(_("Only verified government employees can post assignments."))
    if asked := ask_for_mfa_before(request, CLIENT_PREDICATE):
        return asked
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.assignment_create(actor=request.user, data=form.service_data()),
            form=form,
            success=_("Saved as a draft. Check it, then publish it."),
            redirect_to=_detail_url,
        )
        if response is not None:
            return response
    return render(request, "assignments/form.html", {"form": form, "assignment": None})


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: the poster and co-owners, while it is a draft or open (404 invisible, 403 others)."""
    assignment = get_manageable_assignment(request.user, code)
    if assignment.status not in services.posting.EDITABLE_STATUSES:
        messages.error(
            request,
            _("An assignment that is %(status)s cannot be changed.") % {"status": assignment.get_status_display()},
        )
        return redirect("assignments:detail", code=assignment.code)
    form = AssignmentForm(request.POST or None, instance=assignment, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.assignment_update(assignment=assignment, actor=request.user, data=form.service_data()),
            form=form,
            success=_("Your changes have been saved."),
            redirect_to=_detail_url(assignment),
        )
        if response is not None:
            return response
    return render(request, "assignments/form.html", {"form": form, "assignment": assignment})


def _manage_action(request: HttpRequest, code: UUID, action: Any, success: Any, **kwargs: Any) -> HttpResponse:
    """Run ``action`` on an assignment the user manages; ``success`` is a message or makes one."""
    assignment = get_manageable_assignment(request.user, code)
    if asked := ask_for_mfa_before(request, CLIENT_PREDICATE, _detail_url(assignment)):
        return asked
    return run_service(
        request,
        lambda: action(assignment=assignment, actor=request.user, **kwargs),
        success=success,
        redirect_to=_detail_url,
        refused_to=_detail_url(assignment),
    )


def _published_message(assignment: Assignment) -> str:
    if assignment.status == Assignment.Status.AWAITING_MODERATION:
        return _("Submitted: a coordinator of the network checks it before it is shown.")
    return _("The assignment has been published.")


@require_POST
def publish(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: the poster and co-owners publish a draft (into moderation where a network asks)."""
    return _manage_action(request, code, services.assignment_publish, _published_message)


@require_POST
def duplicate(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: the poster and co-owners copy it as a new draft of their own."""
    return _manage_action(request, code, services.assignment_duplicate, _("A copy has been saved as a new draft."))


@require_POST
def close(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: the poster and co-owners stop taking reactions."""
    return _manage_action(request, code, services.assignment_close, _("The assignment is closed."))


@require_POST
def cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: the poster and co-owners withdraw the assignment."""
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to cancel the assignment."))
        return redirect("assignments:detail", code=code)
    reason = form.cleaned_data["reason"]
    return _manage_action(
        request, code, services.assignment_cancel, _("The assignment has been cancelled."), reason=reason
    )


# Moderation


@require_POST
def approve(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: a coordinator of a moderating network it awaits (404 invisible, 403 others)."""
    assignment, _manageable = get_assignment_for_user(request.user, code)
    if not can_moderate(request.user, assignment):
        raise PermissionDenied
    return run_service(
        request,
        lambda: services.assignment_approve(assignment=assignment, actor=request.user),
        success=_("Approved."),
        redirect_to=reverse("assignments:moderation"),
    )


@require_http_methods(["GET", "POST"])
def send_back(request: HttpRequest, code: UUID) -> HttpResponse:
    """Login: a coordinator of a moderating network it awaits (404 invisible, 403 others)."""
    assignment, _manageable = get_assignment_for_user(request.user, code)
    if not can_moderate(request.user, assignment):
        raise PermissionDenied
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request,
            lambda: services.assignment_send_back(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Sent back to the poster."),
            redirect_to=reverse("assignments:moderation"),
        )
        if response is not None:
            return response
    return render(request, "assignments/send_back.html", {"form": form, "assignment": assignment})


# Dashboards


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Login: the assignments the person posted or co-owns, in every status."""
    page = Paginator(my_assignments(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = my_assignment_counts(request.user)
    statuses = [(value, label, counts.get(value, 0)) for value, label in Assignment.Status.choices]
    viewer = viewer_for(request.user)
    ctx = {
        "page": page,
        "statuses": statuses,
        "can_post": viewer.is_verified,
        "is_coordinator": bool(viewer.coordinated_network_ids),
    }
    return render(request, "assignments/mine.html", ctx)


@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    """Login: coordinators only (403 for others): what awaits approval in their networks."""
    if not viewer_for(request.user).coordinated_network_ids:
        raise PermissionDenied
    page = Paginator(moderation_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assignments/moderation.html", {"page": page})
