"""Over-loop's kind of work: short, pro bono formats measured in dagdelen instead of hours a week.

"Een manager bij Binnenlandse Zaken sprak op een gemeenteconferentie. Een oud-directeur van de
Algemene Bestuursdienst begeleidde gesprekken over leiderschap." An assignment is either regular
work (hours a week, for a period) or one of these formats (a number of dagdelen, half-days); a
person says on their profile which formats they are open to, and matching offers a format only to
people open to it (``docs/matching.md``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

REGULAR = "regular"


class WorkFormat(models.Model):
    """A short format someone can be open to. The four rows are fixed by a data migration."""

    class Code(models.TextChoices):
        SPEAKING = "speaking", _("Speaking (spreker)")
        SESSION = "session", _("Leading a session (sessie leiden)")
        COACHING = "coaching", _("Coaching")
        LOOK_INSIDE = "look-inside", _("A look inside another government layer (meekijken)")

    code = models.CharField(max_length=20, choices=Code.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("short format")
        verbose_name_plural = _("short formats")

    def __str__(self) -> str:
        return str(self.get_code_display())


# What an assignment is: regular work, or one of the short formats.
ASSIGNMENT_FORMATS = [(REGULAR, _("Regular work (hours a week)")), *WorkFormat.Code.choices]
# Dagdelen (half-days) a short format may ask.
MAX_DAGDELEN = 20
