"""The maintained audience of a profile (issue 17 item 1): who may see it, as indexed rows.

Derived from ``Profile.objects.visible_to`` by ``profiles.audience`` and kept current in the same
transaction by every write that changes it; the directory reads it instead of testing the rule
per row. See docs/architecture.md ("The maintained audience").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileAudience(models.Model):
    """One grant (or, for ``HIDDEN_FROM``, one exclusion) of a profile; none at all while it is not shown."""

    class Kind(models.IntegerChoices):
        PUBLIC = 0, _("everyone")  # key 0
        PLATFORM = 1, _("every verified civil servant")  # key 0
        NETWORK = 2, _("members of a network")  # key: the network
        COORDINATORS = 3, _("coordinators of a network")  # key: the network
        HIDDEN_FROM = 4, _("hidden from an organisation")  # key: the organisation; 0: whoever's is unknown

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="audience")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    key = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("profile audience")
        verbose_name_plural = _("profile audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "key"],
                name="profile_audience_unique",
                violation_error_message=_("This audience is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["kind", "key", "profile"], name="profile_audience_grant")]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.get_kind_display()} {self.key}"
