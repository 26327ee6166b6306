"""Reactions, placements and references (the workflow from interest to reference)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.lib.transitions import StatusMachine
from marketplace.models import TimeStampedModel
from profiles.models import EngagementForm

__all__ = [
    "ConsentRequest",
    "HomeFeedbackRequest",
    "Interest",
    "Introduction",
    "LearningRecord",
    "Placement",
    "Reference",
    "SignalFact",
]


class Interest(StatusMachine, TimeStampedModel):
    """A professional's reaction to an assignment, worked through by the opdrachtgever."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        SHORTLISTED = "shortlisted", _("shortlisted")
        INTRODUCTION = "introduction", _("introduction planned")
        SELECTED = "selected", _("selected")
        DECLINED = "declined", _("declined")
        NOT_SELECTED = "not-selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN_STATUSES = [Status.NEW, Status.SHORTLISTED, Status.INTRODUCTION]
    # The only allowed status changes; every change goes through placements.services.interests.
    TRANSITIONS: dict[str, set[str]] = {
        # NOT_SELECTED: filling the last place closes every reaction still open.
        Status.NEW: {
            Status.SHORTLISTED,
            Status.INTRODUCTION,
            Status.SELECTED,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.NOT_SELECTED,
        },
        Status.SHORTLISTED: {
            Status.INTRODUCTION,
            Status.SELECTED,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.NOT_SELECTED,
        },
        Status.INTRODUCTION: {
            Status.INTRODUCTION,
            Status.SELECTED,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.NOT_SELECTED,
        },
        Status.SELECTED: set(),
        Status.DECLINED: set(),
        Status.NOT_SELECTED: set(),
        Status.WITHDRAWN: set(),
    }
    AUDIT_PREFIX = "assignments.interest"
    REFUSED = _("A reaction that is %(current)s cannot become %(target)s.")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.CASCADE, related_name="interests")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests")
    motivation = models.TextField(_("motivation"))
    availability = models.TextField(_("availability"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    decline_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live reaction per person per assignment; after withdrawing one may react again.
            models.UniqueConstraint(
                fields=["assignment", "professional"],
                condition=~Q(status="withdrawn"),
                name="interest_one_live_per_assignment",
                violation_error_message=_("You have already reacted to this assignment."),
            ),
        ]
        indexes = [
            models.Index(fields=["assignment", "status"]),
            models.Index(fields=["professional", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.professional} → {self.assignment}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Introduction(TimeStampedModel):
    """A planned introduction ("kennismaking") between opdrachtgever and professional."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="introductions")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=45)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(video_url=""),
                name="introduction_has_place_or_link",
                violation_error_message=_("Give a place or a video link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interest} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


class Placement(StatusMachine, TimeStampedModel):
    """A selected professional working on an assignment: checklist, terms, run, completion."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("being arranged")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS: dict[str, set[str]] = {
        Status.PREPARING: {Status.RUNNING, Status.CANCELLED},
        Status.RUNNING: {Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }
    AUDIT_PREFIX = "assignments.placement"
    REFUSED = _("A placement that is %(current)s cannot become %(target)s.")
    STAMPS = {Status.RUNNING: "started_at", Status.COMPLETED: "completed_at"}
    # A placement runs only when the five signals are green and both sides confirmed the terms.
    GUARDS = {Status.RUNNING: "start_blockers"}
    BLOCKED = _("The placement cannot start yet: %(missing)s.")

    class SideActivity(models.TextChoices):
        REPORTED = "reported", _("reported to the employer")
        NOT_YET = "not-yet", _("not reported yet")
        NOT_NEEDED = "not-needed", _("not needed (part of the current job)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    interest = models.OneToOneField(Interest, on_delete=models.CASCADE, related_name="placement")
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.CASCADE, related_name="placements")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placements")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    side_activity = models.CharField(
        _("side activity (nevenwerkzaamheden)"), max_length=20, choices=SideActivity.choices, blank=True
    )
    side_activity_at = models.DateTimeField(null=True, blank=True)
    engagement_form = models.ForeignKey(
        EngagementForm, verbose_name=_("engagement form"), on_delete=models.PROTECT, null=True, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    rate = models.DecimalField(_("hourly rate"), max_digits=7, decimal_places=2, null=True, blank=True)
    pro_bono = models.BooleanField(_("pro bono"), default=False)
    terms_confirmed_by_professional_at = models.DateTimeField(null=True, blank=True)
    terms_confirmed_by_client_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="placement_period_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="placement_hours_1_to_40",
                violation_error_message=_("From 1 to 40 hours a week."),
            ),
        ]
        indexes = [models.Index(fields=["professional", "status"]), models.Index(fields=["assignment", "status"])]

    def __str__(self) -> str:
        return f"{self.professional} @ {self.assignment}"

    @property
    def has_terms(self) -> bool:
        # A short format (speaking, a session...) is agreed in dagdelen on the assignment, not in hours a week.
        hours = self.hours_per_week or self.assignment.is_short_format
        return bool(self.engagement_form_id and hours and self.start_date and (self.rate or self.pro_bono))

    @property
    def terms_confirmed(self) -> bool:
        return bool(self.terms_confirmed_by_professional_at and self.terms_confirmed_by_client_at)

    def start_blockers(self) -> list[str]:
        """What still stands between this placement and its start, in words (``placements.checklist``)."""
        from placements.checklist import start_blockers

        return start_blockers(self)


class ConsentRequest(TimeStampedModel):
    """The request to the professional's leidinggevende, answered through a single-use link.

    The link carries a signed (``django.core.signing``) pair of this row's id and ``nonce``;
    the row records expiry and use, so a link works once and only until ``expires_at``.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        CONSENTED = "consented", _("agreed")
        DECLINED = "declined", _("did not agree")
        REPLACED = "replaced", _("replaced by a new request")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="consent_requests")
    manager_email = models.EmailField(_("email address of your leidinggevende"))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        indexes = [models.Index(fields=["decision", "reminded_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.manager_email} ({self.decision})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Reference(TimeStampedModel):
    """A reference given at the end of a placement, by one side about the other."""

    class Direction(models.TextChoices):
        ABOUT_PROFESSIONAL = "about-professional", _("by the opdrachtgever about the professional")
        ABOUT_CLIENT = "about-client", _("by the professional about the opdrachtgever")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="references")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(_("given by"), max_length=200)
    text = models.TextField(_("reference"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    # An Ed25519 signature over the reference's content, made when it is given
    # (``placements.verification``): whoever holds the text can check it was not changed.
    signature = models.CharField(max_length=100, blank=True, editable=False)
    # The opdrachtgever's explicit consent to show a non-public assignment's title on the
    # professional's portfolio; without it the portfolio names the organisation, the period and
    # the field of work only (a public assignment's title is always shown).
    title_shared = models.BooleanField(_("title may be shown on the portfolio"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "direction"],
                name="reference_one_per_side",
                violation_error_message=_("This reference has already been given."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="reference_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} ({self.rating}/5)"


# The recorded answers behind the checklist's signals live in their own module.
from placements.facts import SignalFact  # noqa: E402
from placements.learning import HomeFeedbackRequest, LearningRecord  # noqa: E402
