"""Independent professionals admitted to a network by its coordinator (issue 21 item 7, Rooijmans).

Klusmarkt is for civil servants: only a verified address of a government employer makes someone
see more than public content (``networks.selectors.Viewer.is_verified``). A former civil servant
working for themselves ("ZPP'er", "zelfstandig publiek professional") has no such address. A
network's coordinator may admit such a person explicitly, after checking who they are (the
Chamber of Commerce number, the former employer, a conversation): the admission is recorded here
with who decided and how it was verified, and gives an active membership of that network.

What it gives, through the one visibility rule (``Viewer.independent_network_ids``): the
network's own internal assignments and the network-level profiles of its members, and reacting
to what they can see, like a member. Nothing platform-wide or organisation-only: those are for
civil servants. Revoking the admission, suspending the membership or leaving the network ends it.

Intermediaries (agencies that bring people to assignments) are not admitted as such: a reaction
is a person's own act (their motivation, their portfolio, their references). An admitted
independent who works through one must name it; the coordinator and the opdrachtgever see it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel

__all__ = ["IndependentAdmission"]


class IndependentAdmission(TimeStampedModel):
    class Status(models.TextChoices):
        ADMITTED = "admitted", _("admitted")
        REVOKED = "revoked", _("revoked")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="independent_admissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="independent_admissions")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ADMITTED)
    business_name = models.CharField(_("business name"), max_length=120)
    kvk_number = models.CharField(
        _("Chamber of Commerce number (KvK)"),
        max_length=8,
        validators=[RegexValidator(r"^[0-9]{8}$", _("A KvK number has eight digits."))],
    )
    verification = models.TextField(
        _("how you verified this person"),
        help_text=_("For example: KvK extract checked, former employer called, met in person."),
    )
    intermediary = models.CharField(
        _("intermediary"),
        max_length=120,
        blank=True,
        help_text=_("The agency that brings this person to assignments, if any: shown to opdrachtgevers."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("admitted independent professional")
        verbose_name_plural = _("admitted independent professionals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                name="independent_admission_one_per_network",
                violation_error_message=_("This person has already been admitted to this network."),
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.network} ({self.status})"
