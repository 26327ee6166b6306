"""Reads about assignments that build on ``Assignment.objects.visible_to``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from assignments import hooks
from assignments.access import is_coordinator
from assignments.models import Assignment
from marketplace.models import AuditEntry
from marketplace.services import audit_history
from networks.models import Network, Participation
from networks.selectors import viewer_for


def postable_networks(user: Any) -> QuerySet[Network]:
    """Networks ``user`` may post an assignment into, by each network's posting rule.

    members: active members (suspended ones are not members); coordinators: its coordinators;
    managers: employees of its participating organisations. Coordinators may always post. In a
    network whose members are its organisations' employees, a member must still work at one.
    Only verified government employees may post at all.
    """
    viewer = viewer_for(user)
    if not viewer.is_verified:
        return Network.objects.none()
    policy = Network.PostingPolicy
    of_employer = Q(pk__in=Network.objects.filter(participations__organisation_id=viewer.organisation_id).values("pk"))
    allowed = Q(pk__in=viewer.coordinated_network_ids)
    # A network of its organisations' employees (employees_are_members) is for whoever works
    # there now: a membership from a former employer does not let one post into it.
    as_member = Q(posting_policy=policy.MEMBERS, pk__in=viewer.network_ids)
    allowed |= as_member & (Q(employees_are_members=False) | of_employer)
    allowed |= Q(posting_policy=policy.MANAGERS) & of_employer
    return Network.objects.filter(allowed).order_by("name")


def my_assignments(user: Any) -> QuerySet[Assignment]:
    """The assignments ``user`` posted or co-owns, in every status, newest first."""
    managed = Assignment.objects.owned_by(user).values("pk")
    return (
        Assignment.objects.visible_to(user)
        .filter(pk__in=managed)
        .annotate(**hooks.mine_annotations())
        .select_related("organisation")
        .order_by("-updated_at", "pk")
    )


def my_assignment_counts(user: Any) -> dict[str, int]:
    """How many of the person's assignments are in each status (one query)."""
    managed = Assignment.objects.owned_by(user).values("pk")
    rows = Assignment.objects.filter(pk__in=managed).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def moderation_queue(user: Any) -> QuerySet[Assignment]:
    """Assignments awaiting approval in the moderating networks ``user`` coordinates, oldest first."""
    if not viewer_for(user).coordinated_network_ids:
        return Assignment.objects.none()
    return (
        Assignment.objects.visible_to(user)
        .filter(status=Assignment.Status.AWAITING_MODERATION)
        .coordinated_by(user, moderating=True)
        .select_related("organisation", "posted_by")
        .order_by("updated_at", "pk")
    )


def can_see_history(user: Any, assignment: Assignment, *, manageable: bool) -> bool:
    """The people involved (poster, co-owners) and the coordinators of the networks it is shared with."""
    return manageable or is_coordinator(user, assignment)


def assignment_history(assignment: Assignment, limit: int = 200) -> list[AuditEntry]:
    """Recorded changes of the assignment, newest first, with readable from/to labels."""
    statuses = dict(Assignment.Status.choices)
    entries = list(audit_history(assignment)[:limit])
    for entry in entries:
        entry.from_label = statuses.get(entry.from_state, entry.from_state)
        entry.to_label = statuses.get(entry.to_state) or entry.action_label
    return entries


def in_network_q(network: Network) -> Q:
    """Assignments of a network: posted into it, or posted by one of its organisations."""
    posted_in = Assignment.networks.through.objects.filter(network=network).values("assignment_id")
    participants = Participation.objects.filter(network=network).values("organisation_id")
    return Q(pk__in=posted_in) | Q(organisation_id__in=participants)


def expertise_on_visible_assignments(user: Any) -> QuerySet:
    """The expertise ids of the assignments ``user`` may see (a subquery for the autocomplete)."""
    return Assignment.expertise.through.objects.filter(
        assignment_id__in=Assignment.objects.visible_to(user).values("pk")
    ).values("expertise_id")


def _open_visible_assignment(user: Any, code: Any) -> None:
    if not Assignment.objects.visible_to(user).filter(code=code).exists():
        raise Http404


def _open_moderation(user: Any) -> None:
    # The moderation email names an assignment awaiting the networks the recipient coordinates;
    # a coordinator no longer (removed, suspended) gets none.
    if not viewer_for(user).coordinated_network_ids:
        raise Http404


def register_email_checks() -> None:
    """Send-time checks of the posting emails (``marketplace.hooks``): may the recipient still open it?"""
    from marketplace import hooks as marketplace_hooks

    openers = {}
    for ns in ("assignments", "assignments-en"):
        openers[f"{ns}:detail"] = _open_visible_assignment
        openers[f"{ns}:moderation"] = _open_moderation
    check = marketplace_hooks.link_email_check(openers)
    for kind in ("assignments.approved", "assignments.sent-back", "assignments.moderation-requested"):
        marketplace_hooks.register_email_check(kind, check)
