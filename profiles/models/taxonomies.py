"""The taxonomies that describe profiles and assignments: fields of work, qualities, expertise, forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=110, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TranslatedName(models.Model):
    """A curated name with its English label, shown on English pages (Dutch when none is given).

    A label field rather than gettext: these names are data that admins add and edit, which a
    translation catalogue compiled at release time cannot follow.
    """

    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = get_language() or ""
        return self.name_en if language.startswith("en") and self.name_en else self.name  # type: ignore[attr-defined]


class FieldOfWork(TranslatedName, Taxonomy):
    """A werkveld, from a curated list."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


class CoreQuality(TranslatedName, Taxonomy):
    """A kernkwaliteit. Suggestions by users wait for an admin to approve them."""

    is_approved = models.BooleanField(_("approved"), default=True)
    pitfall = models.CharField(_("pitfall"), max_length=100, blank=True)
    challenge = models.CharField(_("challenge"), max_length=100, blank=True)
    allergy = models.CharField(_("allergy"), max_length=100, blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("core quality")
        verbose_name_plural = _("core qualities")


class Expertise(Taxonomy):
    """A free tag, stored normalised (lower case, single spaces)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")


class EngagementForm(models.Model):
    """How someone may work on an assignment. The five rows are fixed by a data migration."""

    class Code(models.TextChoices):
        SECONDMENT = "secondment", _("Secondment (detachering)")
        ZPP = "zpp", _("Self-employed at a public rate (ZPP)")
        PRO_BONO = "pro-bono", _("Pro bono (belangeloos)")
        TEMPORARY = "temporary", _("Temporary contract")
        OWN_HOURS = "own-hours", _("Within own working hours")

    code = models.CharField(max_length=20, choices=Code.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("engagement form")
        verbose_name_plural = _("engagement forms")

    def __str__(self) -> str:
        # The label of the code, not get_code_display(): that builds a dict of every choice and
        # hashes (so translates) each lazy label, for every form on every card of a list page.
        try:
            return str(self.Code(self.code).label)
        except ValueError:  # a code this version does not know: shown as stored, like get_code_display
            return self.code
