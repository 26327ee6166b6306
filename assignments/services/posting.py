"""Posting assignments: create, edit, publish, moderate, duplicate, close, cancel.

Every status change goes through ``assignment_transition``; this module decides *when* to
call it and what else happens around it (validation, co-owners, search vector, notices).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import hooks
from assignments.models import Assignment, AssignmentApproval
from assignments.public_rate import assignment_check_public_rate
from assignments.services.status import InvalidTransition, assignment_transition
from marketplace.lib import row_keys
from marketplace.lib.search import SEARCH_CONFIG, is_postgres
from marketplace.models import User
from marketplace.services import audit_log, notify
from networks.models import Membership, Network
from networks.selectors import viewer_for
from profiles.services import expertise_for

# Fields a form may set directly; relations and audience are handled below.
PLAIN_FIELDS = [
    "title",
    "summary",
    "description",
    "contact_name",
    "contact_email",
    "field_of_work",
    "work_format",
    "hours_per_week",
    "dagdelen",
    "start_date",
    "end_date",
    "place",
    "region",
    "remote_option",
    "compensation",
    "rate",
    "budget",
    "deadline",
    "places",
]
EDITABLE_STATUSES = {Assignment.Status.DRAFT, Assignment.Status.OPEN}
APPROVED_ACTION = "assignments.assignment.network-approved"


def _require_poster(actor: User) -> None:
    if not viewer_for(actor).is_verified:
        raise ValidationError(_("Only verified government employees can post assignments."))


def _clean_audience(
    *, actor: User, audience: str, networks: Iterable[Network], share_with_partners: bool
) -> tuple[list[Network], bool]:
    """Validate the audience choice; return the networks and sharing flag to store."""
    from assignments.selectors import postable_networks

    networks = list(networks)
    if audience != Assignment.Audience.NETWORKS:
        return [], False
    if not networks:
        raise ValidationError({"networks": _("Choose at least one network.")})
    allowed = set(postable_networks(actor).values_list("pk", flat=True))
    refused = [n.name for n in networks if n.pk not in allowed]
    if refused:
        raise ValidationError(
            {"networks": _("You may not post into: %(names)s.") % {"names": ", ".join(sorted(refused))}}
        )
    return networks, bool(share_with_partners)


def _co_owners_from_emails(*, actor: User, organisation_id: int, emails: Iterable[str]) -> list[User]:
    """Co-owners are verified employees of the posting organisation, named by email address."""
    wanted = {e.strip().lower() for e in emails if e.strip()} - {actor.email.lower()}
    if not wanted:
        return []
    users = list(User.objects.filter(email__in=wanted, employment__organisation_id=organisation_id, is_active=True))
    missing = wanted - {u.email.lower() for u in users}
    if missing:
        raise ValidationError(
            {
                "co_owner_emails": _("Not a colleague with a Klusmarkt account: %(emails)s.")
                % {"emails": ", ".join(sorted(missing))}
            }
        )
    return users


def _clean_compensation(assignment: Assignment) -> None:
    if assignment.compensation == Assignment.Compensation.PRO_BONO:
        assignment.rate = assignment.budget = None
    if assignment.compensation == Assignment.Compensation.BUDGET and assignment.budget is None:
        raise ValidationError({"budget": _("Give the budget, or choose another kind of compensation.")})


def assignment_search_refresh(*, assignment_ids: Iterable[int]) -> None:
    """Recompute the stored Dutch search vector (title A, summary B, description C) on PostgreSQL."""
    if not is_postgres():
        return
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    Assignment.objects.filter(pk__in=list(assignment_ids)).update(search_vector=vector)


def _save_relations(assignment: Assignment, data: dict[str, Any], *, actor: User, audience_editable: bool) -> None:
    if "expertise" in data:
        assignment.expertise.set(expertise_for(data["expertise"]))
    if "core_qualities" in data:
        assignment.core_qualities.set(data["core_qualities"])
    if "engagement_forms" in data:
        with row_keys.batch():  # the filter keys once, not after the removal and the addition
            assignment.engagement_forms.set(data["engagement_forms"])
    if "co_owner_emails" in data:
        assignment.co_owners.set(
            _co_owners_from_emails(
                actor=assignment.posted_by or actor,
                organisation_id=assignment.organisation_id,
                emails=data["co_owner_emails"],
            )
        )
    if audience_editable:
        assignment.networks.set(data.get("_networks", []))


@transaction.atomic
def assignment_create(*, actor: User, data: dict[str, Any]) -> Assignment:
    """Create a draft assignment for the actor's organisation.

    ``data`` is a form's cleaned data: the plain fields, ``audience``, ``networks``,
    ``share_with_partners``, ``expertise`` (tags), ``core_qualities``, ``engagement_forms`` and
    ``co_owner_emails``. Raises ``ValidationError`` (per field where possible).
    """
    _require_poster(actor)
    networks, share = _clean_audience(
        actor=actor,
        audience=data["audience"],
        networks=data.get("networks") or [],
        share_with_partners=data.get("share_with_partners", False),
    )
    assignment = Assignment(
        organisation_id=viewer_for(actor).organisation_id,
        posted_by=actor,
        audience=data["audience"],
        share_with_partners=share,
        status=Assignment.Status.DRAFT,
        **{field: data.get(field) for field in PLAIN_FIELDS if field in data},
    )
    for field in ("summary", "contact_name", "contact_email", "place"):
        if getattr(assignment, field) is None:
            setattr(assignment, field, "")
    _clean_compensation(assignment)
    assignment.full_clean(exclude=["posted_by"])
    assignment_check_public_rate(
        assignment, network_ids=[n.pk for n in networks], engagement_forms=data.get("engagement_forms") or []
    )
    assignment.save()
    _save_relations(assignment, {**data, "_networks": networks}, actor=actor, audience_editable=True)
    assignment_search_refresh(assignment_ids=[assignment.pk])
    audit_log(actor=actor, action="assignments.assignment.created", target=assignment, to_state=assignment.status)
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, actor: User, data: dict[str, Any]) -> Assignment:
    """Change an assignment that is a draft or open.

    Who may see it (audience, networks, sharing) can only change while it is a draft: an
    open assignment has already been approved and announced to its audience.
    """
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("An assignment that is %(status)s cannot be changed.") % {"status": locked.get_status_display()}
        )
    audience_editable = locked.status == Assignment.Status.DRAFT
    changed = [field for field in PLAIN_FIELDS if field in data and getattr(locked, field) != data[field]]
    for field in changed:
        setattr(locked, field, data[field])
    networks: list[Network] = []
    if audience_editable and "audience" in data:
        networks, share = _clean_audience(
            actor=actor,
            audience=data["audience"],
            networks=data.get("networks") or [],
            share_with_partners=data.get("share_with_partners", False),
        )
        locked.audience, locked.share_with_partners = data["audience"], share
        changed += ["audience", "share_with_partners"]
    _clean_compensation(locked)
    locked.full_clean(exclude=["posted_by"])
    assignment_check_public_rate(
        locked,
        network_ids=[n.pk for n in networks] if "audience" in changed else locked.networks.values_list("pk", flat=True),
        engagement_forms=data["engagement_forms"] if "engagement_forms" in data else locked.engagement_forms.all(),
    )
    locked.save(update_fields=[*dict.fromkeys(changed), "rate", "budget", "updated_at"])
    _save_relations(locked, {**data, "_networks": networks}, actor=actor, audience_editable=audience_editable)
    assignment_search_refresh(assignment_ids=[locked.pk])
    audit_log(actor=actor, action="assignments.assignment.edited", target=locked, data={"fields": changed})
    return locked


def _moderating_networks(assignment: Assignment) -> list[Network]:
    if assignment.audience != Assignment.Audience.NETWORKS:
        return []
    return list(assignment.networks.filter(moderates_assignments=True))


def _after_opened(assignment: Assignment) -> None:
    """What happens once an assignment is open: refresh search, then what the higher apps registered."""
    assignment_search_refresh(assignment_ids=[assignment.pk])
    hooks.assignment_opened(assignment)


@transaction.atomic
def assignment_publish(*, assignment: Assignment, actor: User) -> Assignment:
    """Publish a draft: open at once, or into the coordinators' queue of a moderating network.

    The actor must still be a verified employee allowed to post into every chosen network,
    and the deadline, if any, must not have passed.
    """
    _require_poster(actor)
    if assignment.status != Assignment.Status.DRAFT:
        raise InvalidTransition(
            _("Only a draft can be published; this assignment is %(status)s.")
            % {"status": assignment.get_status_display()}
        )
    if assignment.deadline and assignment.deadline < timezone.localdate():
        raise ValidationError(_("The deadline has passed; choose a later date before publishing."))
    _clean_audience(
        actor=actor,
        audience=assignment.audience,
        networks=assignment.networks.all(),
        share_with_partners=assignment.share_with_partners,
    )
    moderating = _moderating_networks(assignment)
    if moderating:
        assignment.approvals.all().delete()  # a new submission is approved afresh
        assignment_transition(assignment=assignment, to=Assignment.Status.AWAITING_MODERATION, actor=actor)
        _notify_coordinators(assignment, moderating)
        return assignment
    assignment_transition(assignment=assignment, to=Assignment.Status.OPEN, actor=actor)
    _after_opened(assignment)
    return assignment


def _notify_coordinators(assignment: Assignment, networks: list[Network]) -> None:
    coordinators = User.objects.filter(
        memberships__network__in=networks,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    ).distinct()
    url = reverse("assignments:moderation")
    for coordinator in coordinators:
        notify(
            recipient=coordinator,
            kind="assignments.moderation-requested",
            template="assignments-moderation-requested",
            context={"assignment": assignment},
            url=url,
        )


def _notify_managers(assignment: Assignment, *, kind: str, template: str, context: dict[str, Any]) -> None:
    recipients = [assignment.posted_by, *assignment.co_owners.all()]
    url = reverse("assignments:detail", kwargs={"code": assignment.code})
    for recipient in {r.pk: r for r in recipients if r is not None and r.is_active}.values():
        notify(
            recipient=recipient,
            kind=kind,
            template=template,
            context={"assignment": assignment, **context},
            url=url,
        )


@transaction.atomic
def assignment_approve(*, assignment: Assignment, actor: User) -> Assignment:
    """A coordinator approves the assignment for the moderating networks they coordinate.

    It opens once every moderating network it was posted into has approved. Refused (with a
    message) when it does not await approval or the actor coordinates none of those networks.
    """
    if assignment.status != Assignment.Status.AWAITING_MODERATION:
        raise ValidationError(_("This assignment is not waiting for approval."))
    viewer = viewer_for(actor)
    moderating = {n.pk for n in _moderating_networks(assignment)}
    mine = moderating & set(viewer.coordinated_network_ids)
    if not mine:
        raise ValidationError(_("Only a coordinator of a network it was posted in can approve it."))
    AssignmentApproval.objects.bulk_create(
        [AssignmentApproval(assignment=assignment, network_id=pk, approved_by=actor) for pk in sorted(mine)],
        ignore_conflicts=True,
    )
    audit_log(actor=actor, action=APPROVED_ACTION, target=assignment, data={"networks": sorted(mine)})
    if moderating - set(assignment.approvals.values_list("network_id", flat=True)):
        return assignment
    assignment_transition(assignment=assignment, to=Assignment.Status.OPEN, actor=actor, note=_("Approved"))
    _after_opened(assignment)
    _notify_managers(assignment, kind="assignments.approved", template="assignments-approved", context={})
    return assignment


@transaction.atomic
def assignment_send_back(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """A coordinator sends the assignment back to its poster as a draft, with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the poster knows what to change.")})
    if assignment.status != Assignment.Status.AWAITING_MODERATION:
        raise ValidationError(_("This assignment is not waiting for approval."))
    moderating = {n.pk for n in _moderating_networks(assignment)}
    if not moderating & set(viewer_for(actor).coordinated_network_ids):
        raise ValidationError(_("Only a coordinator of a network it was posted in can send it back."))
    assignment_transition(assignment=assignment, to=Assignment.Status.DRAFT, actor=actor, note=reason)
    _notify_managers(
        assignment, kind="assignments.sent-back", template="assignments-sent-back", context={"reason": reason}
    )
    return assignment


@transaction.atomic
def assignment_close(*, assignment: Assignment, actor: User | None, note: str = "") -> Assignment:
    """Stop taking reactions: an open assignment becomes closed."""
    return assignment_transition(assignment=assignment, to=Assignment.Status.CLOSED, actor=actor, note=note)


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, actor: User, reason: str = "") -> Assignment:
    """Withdraw the assignment altogether; it disappears for everyone but its owners."""
    return assignment_transition(assignment=assignment, to=Assignment.Status.CANCELLED, actor=actor, note=reason)


@transaction.atomic
def assignment_duplicate(*, assignment: Assignment, actor: User) -> Assignment:
    """Copy an assignment as a new draft of the actor ("copy as new").

    Dates, deadline and co-owners are not copied; networks only where the actor may post.
    """
    from assignments.selectors import postable_networks

    _require_poster(actor)
    copy = Assignment(
        organisation_id=viewer_for(actor).organisation_id,
        posted_by=actor,
        audience=assignment.audience,
        share_with_partners=assignment.share_with_partners,
        status=Assignment.Status.DRAFT,
        **{f: getattr(assignment, f) for f in PLAIN_FIELDS if f not in ("start_date", "end_date", "deadline")},
    )
    copy.save()
    copy.expertise.set(assignment.expertise.all())
    copy.core_qualities.set(assignment.core_qualities.all())
    copy.engagement_forms.set(assignment.engagement_forms.all())
    allowed = postable_networks(actor).values("pk")
    copy.networks.set(assignment.networks.filter(pk__in=allowed))
    if copy.audience == Assignment.Audience.NETWORKS and not copy.networks.exists():
        copy.audience, copy.share_with_partners = Assignment.Audience.ORGANISATION, False
        copy.save(update_fields=["audience", "share_with_partners", "updated_at"])
    assignment_search_refresh(assignment_ids=[copy.pk])
    audit_log(
        actor=actor,
        action="assignments.assignment.created",
        target=copy,
        to_state=copy.status,
        data={"copied_from": str(assignment.code)},
    )
    return copy
