"""The recorded answers behind the placement checklist's signals (imported at the bottom of models.py).

Rewijk's five signals are each a fact with a source and a date. Two already have rows of their
own: *wil* is the reaction (``Interest``) and *leidinggevende* is the consent (``ConsentRequest``).
The others are recorded here, one row per placement, signal and source:

- *weet dat het kan*: the professional read their employer's rules (``rules-read``); with the side
  activity declared on the placement (``Placement.side_activity`` and ``side_activity_at``);
- *past*: Klusmarkt's match when the professional was selected (``match``, score and reasons in
  ``data``), or the opdrachtgever's own judgement after the introduction (``client``);
- *klik*: each side's own yes or no after the introduction (``professional`` and ``client``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel


class SignalFact(TimeStampedModel):
    """One recorded answer for one signal of a placement, by one source, with its date."""

    class Signal(models.TextChoices):
        POSSIBLE = "possible", _("knows it is possible")
        FITS = "fits", _("fits")
        KLIK = "klik", _("klik")

    class Source(models.TextChoices):
        RULES_READ = "rules-read", _("the employer's rules, read by the professional")
        MATCH = "match", _("Klusmarkt's match")
        PROFESSIONAL = "professional", _("the professional")
        CLIENT = "client", _("the opdrachtgever")

    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE, related_name="signal_facts")
    signal = models.CharField(max_length=10, choices=Signal.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    answer = models.BooleanField(_("answer"))
    note = models.TextField(_("explanation"), blank=True)
    # For the match: {"score": int, "reasons": [...], "blockers": [...], "is_match": bool, "alerts": bool}.
    data = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placement", "signal", "source"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "signal", "source"],
                name="signal_fact_one_per_source",
                violation_error_message=_("This answer has already been recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.signal}/{self.source}: {self.answer}"
