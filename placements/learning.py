"""What a placement brought home: the professional's learning record and the home leidinggevende's feedback.

Rewijk: "Je wordt vanzelf een testcase voor de gemeente: wat doet het met de afdeling als iemand
gedeeltelijk elders werkt en wat levert het persoon en organisatie op?" After a placement is
completed, the professional records what they learned and bring back; their own leidinggevende
is asked, through a signed link without an account, what it meant for the team. The answers'
free text stays with the professional; only counts and themes reach the organisation's HR
contacts and the network's coordinators, in groups of at least ``placements.summaries.MIN_GROUP``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel

__all__ = ["Again", "HomeFeedbackRequest", "LearningRecord", "TeamEffect", "Theme"]


class Theme(models.TextChoices):
    """What a placement brings, for the person and for the team at home (the summaries count these)."""

    EXPERTISE = "expertise", _("knowledge of another field")
    NETWORK = "network", _("a wider network")
    OTHER_LAYER = "other-layer", _("a look inside another government layer")
    LEADERSHIP = "leadership", _("leadership")
    PROJECTS = "projects", _("project and process skills")
    ADVICE = "advice", _("advisory skills")
    VISION = "vision", _("a view on government-wide themes")
    MOTIVATION = "motivation", _("motivation and energy")


class Again(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("maybe")
    NO = "no", _("no")


class TeamEffect(models.TextChoices):
    """The leidinggevende's judgement of what the placement did to the team at home."""

    STRENGTHENED = "strengthened", _("it strengthened the team")
    NEUTRAL = "neutral", _("little effect either way")
    STRAINED = "strained", _("it put a strain on the team")


class LearningRecord(TimeStampedModel):
    """The professional's own account of a completed placement: one per placement."""

    placement = models.OneToOneField("placements.Placement", on_delete=models.CASCADE, related_name="learning_record")
    # The professional's employer when they recorded it: the organisation whose HR summary counts it.
    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    learned = models.TextField(_("what I learned"))
    brings_back = models.TextField(_("what I bring back to my own organisation"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    again = models.CharField(_("would you do it again?"), max_length=10, choices=Again.choices)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.placement} ({self.again})"


class HomeFeedbackRequest(TimeStampedModel):
    """The question to the home leidinggevende after completion, answered through a single-use link.

    The link carries a signed pair of this row's id and a random nonce, as the consent request's
    does; only the nonce's SHA-256 is stored, so the database alone cannot rebuild a link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ANSWERED = "answered", _("answered")
        REPLACED = "replaced", _("replaced by a new request")

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="home_feedback_requests"
    )
    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    manager_email = models.EmailField(_("email address of your leidinggevende"))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    nonce_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    effect = models.CharField(_("what did it do to the team?"), max_length=20, choices=TeamEffect.choices, blank=True)
    themes = models.JSONField(_("what the team gained"), default=list, blank=True)
    support_again = models.CharField(
        _("would you support such a placement again?"), max_length=10, choices=Again.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("home feedback request")
        verbose_name_plural = _("home feedback requests")
        indexes = [models.Index(fields=["status", "reminded_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.manager_email} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
