"""Matches, saved searches and the fan-out bookkeeping (imported at the bottom of models.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Notification, TimeStampedModel
from profiles.models import Profile


class Delivery(models.TextChoices):
    """How far telling the person about one match or saved-search hit has come."""

    NEW = "new", _("not yet handled")
    NOTIFIED = "notified", _("notified at once")
    DIGEST = "digest", _("waiting for the digest")
    DIGESTED = "digested", _("sent in a digest")
    SKIPPED = "skipped", _("not sent (alerts off)")


class Match(TimeStampedModel):
    """A scored, explained pairing of a profile and an assignment (unique per pair).

    ``reasons`` holds structured reasons (``{"code": ..., ...}``) rendered in the reader's
    language by ``matching.scoring.reason_text``.
    """

    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.CASCADE, related_name="matches")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="matches")
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(default=list, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NEW)
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "profile"],
                name="match_unique_per_pair",
                violation_error_message=_("This professional already has a match with this assignment."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100),
                name="match_score_at_most_100",
                violation_error_message=_("A match score is at most 100."),
            ),
        ]
        indexes = [
            models.Index(fields=["profile", "-score"]),
            models.Index(fields=["assignment", "-score"]),
            models.Index(
                fields=["delivery", "profile"], name="match_digest_pending", condition=models.Q(delivery="digest")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} ~ {self.assignment_id}: {self.score}"


class SavedSearch(TimeStampedModel):
    """A search on /klussen/ saved with a name; new assignments it finds become alerts.

    ``query`` is the GET query string as typed (e.g. ``q=omgevingswet&field_of_work=ruimte``);
    ``matching.saved_searches.search_params`` says which parameters count.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search"), max_length=1000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["user", "name"])]

    def __str__(self) -> str:
        return self.name


class SavedSearchHit(TimeStampedModel):
    """A newly published assignment that a saved search finds (unique per search and assignment)."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.CASCADE, related_name="+")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NEW)
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "assignment"],
                name="saved_search_hit_unique",
                violation_error_message=_("This saved search has already found this assignment."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["delivery", "saved_search"], name="hit_digest_pending", condition=models.Q(delivery="digest")
            ),
        ]


class FanoutRun(TimeStampedModel):
    """Progress of telling people about one published assignment; resumable from ``cursor``.

    The sweep runs the fan-out again for every open assignment whose run has not completed.
    """

    assignment = models.OneToOneField("assignments.Assignment", on_delete=models.CASCADE, related_name="fanout")
    cursor = models.PositiveBigIntegerField(default=0, help_text="Last profile id handled.")
    saved_search_cursor = models.PositiveBigIntegerField(default=0)
    matches = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="fanout_incomplete", condition=models.Q(completed_at=None)),
        ]

    def __str__(self) -> str:
        return f"fan-out of {self.assignment_id}"


class MatchFeedback(TimeStampedModel):
    """A person's "niet interessant" on an assignment they were told about (unique per pair).

    Scoring excludes that assignment and lowers later matches with similar ones (the same field
    of work or a shared expertise area): ``matching.scoring.DISMISSED_PENALTY``.
    """

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="match_feedback")
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "assignment"],
                name="match_feedback_unique_per_pair",
                violation_error_message=_("You have already said this assignment does not interest you."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} not interested in {self.assignment_id}"
