"""The profile, its visibility rule, portfolio, experience and share links."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, TextField, When
from django.db.models.functions import Cast, Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel
from networks.models import Employment, Organisation, Region
from networks.selectors import NO_ORGANISATION, Viewer, in_any_network_q, viewer_for
from profiles.formats import WorkFormat
from profiles.models.taxonomies import CoreQuality, EngagementForm, Expertise, FieldOfWork

if TYPE_CHECKING:
    from marketplace.models import User


class Visibility(models.IntegerChoices):
    """Who may see a profile, or its contact details. Higher is more open."""

    PRIVATE = 0, _("Only me (and the coordinators of my networks)")
    NETWORK = 1, _("Members of my networks")
    PLATFORM = 2, _("Every verified civil servant")
    PUBLIC = 3, _("Everyone")


def _viewer(user: User | Viewer | Any) -> Viewer:
    # A Viewer may be passed directly: the owner's "preview as" builds a stand-in viewer.
    return user if isinstance(user, Viewer) else viewer_for(user)


def shown_q(prefix: str = "") -> Q:
    """The "shown" part of the profile rule: the owner's account is active and not hidden.

    ``visible_to`` and the share links (``profiles.access.get_share_link``) both use it, so a
    profile a link may open is never one the rule hides from everyone but its owner.
    """
    return Q(**{f"{prefix}user__is_active": True, f"{prefix}is_hidden": False})


def hides_from_q(organisation_id: int, prefix: str = "") -> Q:
    """Profiles in discreet mode that hide from ``organisation_id``: the owner's employer or a named one.

    The one definition of discreet mode (issue 21 item 4): ``visible_to`` excludes these from
    the organisation's people, matching does not offer the person to its assignments, and the
    placement workflow keeps the organisation's coordinators out of the person's reactions.
    """
    employees = Employment.objects.filter(organisation_id=organisation_id).values("user_id")
    named = Profile.hidden_from.through.objects.filter(organisation_id=organisation_id).values("profile_id")
    return Q(**{f"{prefix}discreet": True}) & (
        Q(**{f"{prefix}user_id__in": employees}) | Q(**{f"{prefix}pk__in": named})
    )


def hidden_q(viewer: Viewer) -> Q:
    """Profiles discreet mode hides from ``viewer`` (never from the owner).

    A viewer whose organisation is unknown (not logged in, no verified employer, a network's
    API client acting for members of many organisations) could be anyone, so discreet
    profiles are hidden from them; a verified viewer only from the organisations the owner hides from.
    """
    if viewer.organisation_id is None or viewer.organisation_id == NO_ORGANISATION:
        hidden = Q(discreet=True)
    else:
        hidden = hides_from_q(viewer.organisation_id)
    return hidden & ~Q(user_id=viewer.user_id or 0)


class ProfileQuerySet(models.QuerySet["Profile"]):
    def _visible_q(self, user: User | Viewer | Any, level_field: str) -> Q:
        viewer = _viewer(user)
        public = Q(**{level_field: Visibility.PUBLIC})
        if not viewer.is_authenticated:
            return public
        condition = public | Q(user_id=viewer.user_id)
        if viewer.independent_network_ids:
            # An independent admitted by a network's coordinator (networks.independents) sees the
            # network level of that network's members, as a member does.
            level = Q(**{f"{level_field}__gte": Visibility.NETWORK})
            condition |= level & in_any_network_q("user", viewer.independent_network_ids)
        if not viewer.is_verified:
            # Other accounts without a verified government address see only what is public.
            return condition
        condition |= Q(**{f"{level_field}__gte": Visibility.PLATFORM})
        if viewer.network_ids:
            condition |= Q(**{f"{level_field}__gte": Visibility.NETWORK}) & in_any_network_q("user", viewer.network_ids)
        if viewer.coordinated_network_ids:
            condition |= in_any_network_q("user", viewer.coordinated_network_ids)
        return condition

    def visible_to(self, user: User | Any) -> ProfileQuerySet:
        """Profiles ``user`` may see: THE rule, used by every path that shows a profile.

        public: everyone; platform: every verified civil servant; network: members of a
        network the owner is in; private: the owner and the coordinators of the owner's
        networks. Beyond public, the viewer must be a verified civil servant, or an independent
        admitted to a network by its coordinator for that network's level. Profiles of
        deactivated or hidden accounts are shown to no one but the owner. A profile in discreet
        mode is shown to no one of the organisations it hides from (``hidden_q``).
        """
        viewer = _viewer(user)
        shown = shown_q() | Q(user_id=viewer.user_id or 0)
        return self.filter(shown & self._visible_q(user, "visibility")).exclude(hidden_q(viewer))

    def contact_visible_to(self, user: User | Any) -> ProfileQuerySet:
        """Profiles whose contact details and CV ``user`` may see (the stricter level)."""
        return self.visible_to(user).filter(self._visible_q(user, "contact_visibility"))

    def visible_with_contact_flag(self, user: User | Any) -> ProfileQuerySet:
        """``visible_to(user)``, each row annotated ``can_contact``: whether it is in ``contact_visible_to(user)``.

        The row is visible already, so the flag is the contact level's own condition tested on it
        (``contact_visible_to`` is exactly visible and that), not the whole rule built and run again.
        """
        contact = ExpressionWrapper(self._visible_q(user, "contact_visibility"), output_field=models.BooleanField())
        return self.visible_to(user).annotate(can_contact=contact)


# The longest search vector, as text, that the directory's index carries (``Profile.search_words``).
# Stored, a vector takes about as many bytes as its text has characters (1.06 for 300 distinct
# words; up to 1.4 only for one-letter words in the first nine positions, of which a text has few),
# and PostgreSQL compresses what passes 512 bytes: 1,800 characters stay well within a btree entry
# (2,704 bytes) beside the index's other columns (at most about 300 bytes).
SEARCH_WORDS_MAX = 1_800


class Profile(TimeStampedModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("name"), max_length=120)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about me"), blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    field_of_work = models.ForeignKey(
        FieldOfWork, verbose_name=_("field of work"), on_delete=models.SET_NULL, null=True, blank=True
    )
    core_qualities = models.ManyToManyField(CoreQuality, verbose_name=_("core qualities"), blank=True)
    expertise = models.ManyToManyField(Expertise, verbose_name=_("expertise"), blank=True)
    open_to_assignments = models.BooleanField(_("open to assignments"), default=False)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week available"), null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    engagement_forms = models.ManyToManyField(EngagementForm, verbose_name=_("engagement forms"), blank=True)
    work_formats = models.ManyToManyField(
        WorkFormat,
        verbose_name=_("short pro bono formats I am open to"),
        blank=True,
        help_text=_("Measured in dagdelen (half-days), beside the hours a week above."),
    )
    hourly_rate = models.DecimalField(
        _("public hourly rate (ZPP)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True)
    remote = models.BooleanField(_("also remote"), default=False)
    contact_email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    visibility = models.PositiveSmallIntegerField(
        _("who may see my profile"), choices=Visibility.choices, default=Visibility.NETWORK
    )
    contact_visibility = models.PositiveSmallIntegerField(
        _("who may see my contact details and CV"), choices=Visibility.choices, default=Visibility.PRIVATE
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    # Discreet mode (issue 21 item 4): hidden from the people of the employer and of the named
    # organisations (``hides_from_q``), and from everyone whose organisation is unknown.
    discreet = models.BooleanField(_("discreet mode"), default=False)
    hidden_from = models.ManyToManyField(
        Organisation, verbose_name=_("also hide from"), blank=True, related_name="discreet_profiles"
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Separate languages with commas.")
    )
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True, max_length=200)
    cv = models.FileField(_("CV (PDF)"), upload_to="cv/", blank=True, max_length=200)
    cv_uploaded_at = models.DateTimeField(null=True, blank=True)
    # The core quadrant (Ofman) and the self-scan are private unless the owner shows them.
    quadrant_quality = models.ForeignKey(
        CoreQuality,
        verbose_name=_("core quality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    quadrant_pitfall = models.CharField(_("pitfall"), max_length=100, blank=True)
    quadrant_challenge = models.CharField(_("challenge"), max_length=100, blank=True)
    quadrant_allergy = models.CharField(_("allergy"), max_length=100, blank=True)
    show_quadrant = models.BooleanField(_("show my core quadrant on my profile"), default=False)
    scan_answers = models.JSONField(default=list, blank=True)
    scan_completed_at = models.DateTimeField(null=True, blank=True)
    show_scan = models.BooleanField(_("show my self-scan on my profile"), default=False)
    last_active_at = models.DateTimeField(null=True, blank=True)
    # Retention (AVG): warned after long inactivity, hidden if the person does not come back.
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    retention_hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # The same vector where it fits in an entry of a btree index (at most 2,704 bytes), NULL where
    # it is longer or missing: the directory's text walk ("profile_directory_text", PostgreSQL) tests
    # and ranks a common word in the index, and reads the row only for the few long ones.
    search_words = models.GeneratedField(
        expression=Case(
            When(
                LessThanOrEqual(Length(Cast("search_vector", TextField())), SEARCH_WORDS_MAX),
                then=F("search_vector"),
            ),
            default=None,
        ),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    # The broad grant of the maintained audience (profiles.audience), kept in the row so the
    # directory tests it without a join: 0 everyone, 1 every verified civil servant, null neither.
    broad_audience = models.PositiveSmallIntegerField(null=True, editable=False)
    # The directory's filter keys, " e2 r8 ": the engagement forms and regions of the links, kept
    # in the row by profiles.facets so the directory's walk filters without leaving its index.
    facet_keys = models.CharField(max_length=200, default="", blank=True, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_visibility__lte=models.F("visibility")),
                name="contact_not_more_open_than_profile",
                violation_error_message=_("Contact details cannot be more open than the profile itself."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__lte=60),
                name="profile_hours_at_most_60",
                violation_error_message=_("At most 60 hours a week."),
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="profile_available_period_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "open_to_assignments"]),
            models.Index(fields=["-last_active_at"]),
            # Matching's hard conditions: the open, shown profiles with at least the hours asked
            # (matching.scoring.eligible_profiles), without reading the closed ones.
            models.Index(
                fields=["hours_per_week", "-last_active_at"],
                condition=Q(open_to_assignments=True, is_hidden=False),
                name="profile_matching_hours",
            ),
        ]
        # PostgreSQL also has "profile_directory_order" (last_active_at DESC NULLS LAST, id), the
        # directory's order, covering the columns its filters and the suitable-professionals pool
        # test (migrations 0017 and 0018; only there: SQLite cannot index NULLS LAST).

    def __str__(self) -> str:
        return self.display_name


class PortfolioEntry(TimeStampedModel):
    """A completed assignment on the professional's portfolio, with the reference given for it.

    Filled by the placement workflow (assignments) when a reference is given; shown on the
    profile only once the professional has accepted it.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="portfolio")
    title = models.CharField(_("assignment"), max_length=160)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("what I did"), blank=True)
    reference_text = models.TextField(_("reference"), blank=True)
    reference_rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    reference_by = models.CharField(_("reference given by"), max_length=200, blank=True)
    placement_code = models.UUIDField(null=True, blank=True, editable=False)
    is_accepted = models.BooleanField(_("shown on my profile"), default=False)

    class Meta:
        ordering = ["-ended_on", "-created_at"]
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio")
        constraints = [
            models.CheckConstraint(
                condition=Q(reference_rating__isnull=True) | Q(reference_rating__gte=1, reference_rating__lte=5),
                name="portfolio_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExperienceEntry(TimeStampedModel):
    """A line on the digital CV: a job, an education or a certificate."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work experience")
        EDUCATION = "education", _("Education")
        CERTIFICATE = "certificate", _("Certificate")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experience")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORK)
    title = models.CharField(_("role or title"), max_length=160)
    organisation_name = models.CharField(_("organisation or institute"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "-started_on", "-created_at"]
        verbose_name = _("experience entry")
        verbose_name_plural = _("experience")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="experience_period_ordered",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def active(self) -> ShareLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def share_token_hash(token: str) -> str:
    """What is stored of a share link's secret: its SHA-256, so a database read opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(TimeStampedModel):
    """A secret link that opens one profile to one opdrachtgever until it expires or is revoked.

    Only the hash of the token is stored: the link is shown once, when it is created, and
    ``token`` is set on the instance only by whoever holds it (creation, or a visit by link).
    """

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("for whom"), max_length=120)
    expires_at = models.DateTimeField(_("valid until"))
    include_contact = models.BooleanField(_("also show my contact details and CV"), default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
