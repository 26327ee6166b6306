"""Assignments and the one rule for who may see them."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.lib.transitions import StatusMachine
from marketplace.models import TimeStampedModel
from networks.models import Network, Organisation, Region
from networks.selectors import Viewer, viewer_for
from profiles.formats import ASSIGNMENT_FORMATS, MAX_DAGDELEN, REGULAR
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork

if TYPE_CHECKING:
    from marketplace.models import User


def owner_q(viewer: Viewer) -> Q:
    """THE owner rule: the poster or a co-owner."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    co_owned = Assignment.co_owners.through.objects.filter(assignment=OuterRef("pk"), user_id=viewer.user_id)
    return Q(posted_by_id=viewer.user_id) | Exists(co_owned)


def coordinator_q(viewer: Viewer, *, moderating: bool = False) -> Q:
    """THE coordinator rule: a verified coordinator of a network the assignment is meant for.

    Only an assignment for networks: a stale network link on an organisation-only (or
    platform, or public) assignment makes nobody its coordinator.
    """
    if not (viewer.is_verified and viewer.coordinated_network_ids):
        return Q(pk__in=[])
    links = Assignment.networks.through.objects.filter(
        assignment=OuterRef("pk"), network_id__in=viewer.coordinated_network_ids
    )
    if moderating:
        links = links.filter(network__moderates_assignments=True)
    return Q(audience=Assignment.Audience.NETWORKS) & Exists(links)


# The last day an open assignment takes reactions: its deadline, or for ever (``open()``). The
# key of the index below; PostgreSQL keeps statistics on it (assignment_open_until, migration 0012).
OPEN_UNTIL = Coalesce("deadline", Value(datetime.date.max))
# What /klussen/'s counts read of an open assignment: the visibility rule's and the facets' fields.
OPEN_COVERS = (
    "id", "deadline", "status", "audience", "organisation", "share_with_partners", "posted_by",
    "field_of_work", "region", "compensation", "remote_option", "work_format", "facet_keys",
)  # fmt: skip


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def visible_to(self, user: User | Any) -> AssignmentQuerySet:
        """Assignments ``user`` may see: THE rule, used by every path that shows one.

        Published assignments (open, closed, filled, completed) by audience: public to
        everyone; platform to every verified civil servant; networks to verified members of
        the chosen networks (and of their partner networks when the poster shares it), and
        independents admitted to a chosen network by its coordinator;
        organisation to employees of the posting organisation. The poster and co-owners see
        their own in every status; coordinators of a chosen network also see it while it
        awaits their moderation.
        """
        viewer = viewer_for(user)
        A = Assignment
        in_networks = A.networks.through.objects.filter(assignment=OuterRef("pk"))
        audience = Q(audience=A.Audience.PUBLIC)
        if viewer.is_verified:
            audience |= Q(audience=A.Audience.PLATFORM)
            audience |= Q(audience=A.Audience.ORGANISATION, organisation_id=viewer.organisation_id)
            if viewer.network_ids:
                audience |= Q(audience=A.Audience.NETWORKS) & Exists(
                    in_networks.filter(network_id__in=viewer.network_ids)
                )
            if viewer.partner_network_ids:
                audience |= Q(audience=A.Audience.NETWORKS, share_with_partners=True) & Exists(
                    in_networks.filter(network_id__in=viewer.partner_network_ids)
                )
        if viewer.independent_network_ids:
            # An independent admitted by a network's coordinator (networks.independents) sees that
            # network's own assignments, as a member does; nothing platform- or organisation-wide.
            audience |= Q(audience=A.Audience.NETWORKS) & Exists(
                in_networks.filter(network_id__in=viewer.independent_network_ids)
            )
        condition = Q(status__in=A.PUBLISHED) & audience
        condition |= owner_q(viewer)
        # Coordinators also see it while it awaits their moderation.
        condition |= Q(status__in=[A.Status.AWAITING_MODERATION, *A.PUBLISHED]) & coordinator_q(viewer)
        return self.filter(condition)

    def owned_by(self, user: User | Any) -> AssignmentQuerySet:
        """Assignments ``user`` owns: as the poster or as a co-owner (every status)."""
        return self.filter(owner_q(viewer_for(user)))

    def coordinated_by(self, user: User | Any, *, moderating: bool = False) -> AssignmentQuerySet:
        """Assignments ``user`` is a coordinator of (every status); see ``coordinator_q``.

        ``moderating``: only through networks that moderate their assignments.
        """
        return self.filter(coordinator_q(viewer_for(user), moderating=moderating))

    def shared_with(self, network: Network) -> AssignmentQuerySet:
        """Assignments still shared with ``network``: meant for networks and linked to it."""
        return self.filter(audience=Assignment.Audience.NETWORKS, networks=network)

    def open(self) -> AssignmentQuerySet:
        """Open for reactions: published as open and its deadline not passed.

        The one definition of "open": a passed deadline closes an assignment here at once,
        whether or not the periodic job (``assignments_close_expired``) has recorded it yet.
        "No deadline, or not passed" is written as one range, ``OPEN_UNTIL >= today``: the key of
        the partial index ``assignment_open_facets``, which /klussen/ reads index-only.
        """
        return (
            self.filter(status=Assignment.Status.OPEN)
            .alias(open_until=OPEN_UNTIL)
            .filter(open_until__gte=timezone.localdate())
        )


class Assignment(StatusMachine, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AWAITING_MODERATION = "moderation", _("awaiting approval")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        FILLED = "filled", _("filled")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        PLATFORM = "platform", _("Every verified civil servant")
        NETWORKS = "networks", _("Members of the chosen networks")
        ORGANISATION = "organisation", _("Employees of my organisation")

    class Compensation(models.TextChoices):
        PUBLIC_RATE = "public-rate", _("Public rate")
        BUDGET = "budget", _("Fixed budget")
        PRO_BONO = "pro-bono", _("Pro bono")

    class RemoteOption(models.TextChoices):
        ON_SITE = "on-site", _("On site")
        HYBRID = "hybrid", _("Partly remote")
        REMOTE = "remote", _("Remote")

    PUBLISHED = [Status.OPEN, Status.CLOSED, Status.FILLED, Status.COMPLETED]
    # The only allowed status changes; every change goes through assignments.services.
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.AWAITING_MODERATION, Status.OPEN, Status.CANCELLED},
        Status.AWAITING_MODERATION: {Status.OPEN, Status.DRAFT, Status.CANCELLED},
        Status.OPEN: {Status.CLOSED, Status.FILLED, Status.CANCELLED},
        Status.CLOSED: {Status.OPEN, Status.FILLED, Status.COMPLETED, Status.CANCELLED},
        Status.FILLED: {Status.COMPLETED, Status.OPEN},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }
    AUDIT_PREFIX = "assignments.assignment"
    REFUSED = _("An assignment that is %(current)s cannot become %(target)s.")
    STAMPS = {Status.OPEN: "published_at"}

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="assignments"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="assignments_posted"
    )
    co_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-owners"), blank=True, related_name="assignments_co_owned"
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    field_of_work = models.ForeignKey(
        FieldOfWork, verbose_name=_("field of work"), on_delete=models.SET_NULL, null=True, blank=True
    )
    expertise = models.ManyToManyField(Expertise, verbose_name=_("required expertise"), blank=True)
    core_qualities = models.ManyToManyField(CoreQuality, verbose_name=_("desired core qualities"), blank=True)
    work_format = models.CharField(
        _("kind of work"), max_length=20, choices=ASSIGNMENT_FORMATS, default=REGULAR, db_index=True
    )
    # Regular work asks hours a week; a short format (speaking, a session...) asks dagdelen.
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    dagdelen = models.PositiveSmallIntegerField(
        _("dagdelen (half-days)"), null=True, blank=True, help_text=_("For a short format: how many half-days in all.")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True)
    remote_option = models.CharField(
        _("remote work"), max_length=10, choices=RemoteOption.choices, default=RemoteOption.HYBRID
    )
    engagement_forms = models.ManyToManyField(EngagementForm, verbose_name=_("engagement forms"))
    compensation = models.CharField(_("compensation"), max_length=20, choices=Compensation.choices)
    rate = models.DecimalField(_("hourly rate"), max_digits=7, decimal_places=2, null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=10, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("respond before"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    audience = models.CharField(_("who may see it"), max_length=20, choices=Audience.choices)
    networks = models.ManyToManyField(Network, verbose_name=_("networks"), blank=True, related_name="assignments")
    share_with_partners = models.BooleanField(_("also share with partner networks"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The engagement forms' ids, " e2 e5 ": /klussen/ filters and counts on the row (assignments.facets).
    facet_keys = models.CharField(max_length=100, default="", blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="assignment_places_positive",
                violation_error_message=_("At least one place."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="assignment_hours_1_to_40",
                violation_error_message=_("From 1 to 40 hours a week."),
            ),
            models.CheckConstraint(
                condition=Q(dagdelen__isnull=True) | Q(dagdelen__gte=1, dagdelen__lte=MAX_DAGDELEN),
                name="assignment_dagdelen_1_to_20",
                violation_error_message=_("From 1 to 20 dagdelen."),
            ),
            models.CheckConstraint(
                condition=Q(work_format=REGULAR, hours_per_week__isnull=False, dagdelen__isnull=True)
                | (~Q(work_format=REGULAR) & Q(dagdelen__isnull=False, hours_per_week__isnull=True)),
                name="assignment_hours_or_dagdelen",
                violation_error_message=_(
                    "Regular work asks hours a week; a short format asks dagdelen (half-days) instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="assignment_period_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "audience", "-published_at"]),
            # The list's default order across audiences: walk it and stop after a page (docs/performance.md).
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["organisation", "status"]),
            # /klussen/ counts its facets over every open assignment a visitor may see: read from
            # this index alone (PostgreSQL: the visibility rule's and the facets' columns are
            # covered), not from the table's wide rows (docs/performance.md, round 5).
            models.Index(OPEN_UNTIL, name="assignment_open_facets", condition=Q(status="open"), include=OPEN_COVERS),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline_passed(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """As ``AssignmentQuerySet.open``: open, and its deadline not passed."""
        return self.status == self.Status.OPEN and not self.deadline_passed

    @property
    def shown_status(self) -> str:
        """The status as people should see it: an open assignment past its deadline is closed."""
        return self.Status.CLOSED if self.status == self.Status.OPEN and self.deadline_passed else self.status

    def get_shown_status_display(self) -> str:
        return self.Status(self.shown_status).label

    @property
    def is_short_format(self) -> bool:
        return self.work_format != REGULAR

    @property
    def workload(self) -> str:
        """How much work, in words: "16 hours a week", or "Speaking (spreker) · 2 dagdelen"."""
        if not self.is_short_format:
            return gettext("%(hours)s hours a week") % {"hours": self.hours_per_week}
        n = self.dagdelen or 0
        days = ngettext("%(count)d dagdeel", "%(count)d dagdelen", n) % {"count": n}
        return f"{self.get_work_format_display()} · {days}"


class AssignmentApproval(TimeStampedModel):
    """A moderating network's approval of an assignment awaiting moderation.

    It opens once every moderating network it is posted into has one; a new submission starts
    with none. The audit log records the approval too, but only this table decides.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="approvals")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "network"],
                name="assignment_approval_once_per_network",
                violation_error_message=_("This network has already approved this assignment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} ✓ {self.assignment}"
