"""A network's public rate (per level or one rate, each with its validity) and the ledger's reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel


class PublicRate(TimeStampedModel):
    """One line of a network's public rate table ("publiek tarief") for self-employed work (ZPP).

    A network has one rate (``level`` empty) or a rate per level or salary scale; each line holds
    from ``valid_from`` to ``valid_until`` (open-ended when empty). Kept by the coordinators.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="public_rates")
    level = models.CharField(
        _("level or scale"),
        max_length=60,
        blank=True,
        help_text=_("For example 'schaal 11' or 'senior'. Leave empty for one rate for everyone."),
    )
    hourly_rate = models.DecimalField(_("hourly rate (euro)"), max_digits=7, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["level", "-valid_from"]
        verbose_name = _("public rate")
        verbose_name_plural = _("public rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gt=0),
                name="public_rate_positive",
                violation_error_message=_("The rate must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="public_rate_period_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level or '-'}: {self.hourly_rate}"


class LedgerReminder(TimeStampedModel):
    """A reminder to an organisation that does not yet provide a professional and a project.

    ``month`` is the first day of the calendar month it was sent in: the database allows one per
    organisation, network and month.
    """

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="ledger_reminders")
    organisation = models.ForeignKey("networks.Organisation", on_delete=models.CASCADE, related_name="ledger_reminders")
    month = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("give-and-take reminder")
        verbose_name_plural = _("give-and-take reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation", "month"],
                name="ledger_reminder_once_a_month",
                violation_error_message=_("This organisation has already been reminded this month."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.month:%Y-%m})"
