"""Organisations: their regions, rules, email domains, identity providers, and who works where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel

ENV_NAME_VALIDATOR = RegexValidator(r"^[A-Z][A-Z0-9_]*$", _("Upper-case letters, digits and underscores."))


class Region(models.Model):
    """A province (the twelve are created by a data migration)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("municipality")
        PROVINCIE = "provincie", _("province")
        WATERSCHAP = "waterschap", _("water board")
        RIJK = "rijk", _("central government")
        OTHER = "other", _("other public body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(Region, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    hr_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("HR contacts"),
        blank=True,
        related_name="hr_for",
        help_text=_("They keep the organisation's page of what is possible beside one's job."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class IdentityProvider(TimeStampedModel):
    """An organisation's own OpenID Connect provider (its Entra ID tenant, or its own IdP).

    Configured by staff in the admin. Secrets are never stored here: ``secret_name`` and
    ``private_key_name`` name environment variables, read as ``NAME`` or from the file named by
    ``NAME_FILE`` (the project's convention for secrets). The provider vouches for the email
    domains that point to it (``OrganisationDomain.identity_provider``), and only for those.
    """

    class TokenAuthMethod(models.TextChoices):
        CLIENT_SECRET_BASIC = "client_secret_basic", _("client secret (HTTP Basic)")
        CLIENT_SECRET_POST = "client_secret_post", _("client secret (form post)")
        PRIVATE_KEY_JWT = "private_key_jwt", _("signed JWT with a private key (private_key_jwt)")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="identity_providers"
    )
    slug = models.SlugField(
        _("identifier"),
        max_length=60,
        unique=True,
        help_text=_("Part of the redirect URI and of every linked account: never change it once in use."),
    )
    name = models.CharField(_("name"), max_length=200)
    issuer = models.URLField(
        _("issuer"),
        max_length=500,
        help_text=_(
            "Exactly as the provider's discovery document states it, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0"
        ),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    token_auth_method = models.CharField(
        _("client authentication"),
        max_length=30,
        choices=TokenAuthMethod.choices,
        default=TokenAuthMethod.CLIENT_SECRET_BASIC,
    )
    secret_name = models.CharField(
        _("client secret: environment variable"),
        max_length=100,
        blank=True,
        validators=[ENV_NAME_VALIDATOR],
        help_text=_("Name of the environment variable with the client secret (or NAME_FILE with its path)."),
    )
    private_key_name = models.CharField(
        _("private key: environment variable"),
        max_length=100,
        blank=True,
        validators=[ENV_NAME_VALIDATOR],
        help_text=_("For private_key_jwt: the environment variable with the PEM private key (or NAME_FILE)."),
    )
    key_id = models.CharField(_("key id (kid)"), max_length=200, blank=True)
    uid_claim = models.CharField(
        _("claim that identifies the person"),
        max_length=50,
        default="sub",
        help_text=_("'sub' for most providers; 'oid' for Microsoft Entra ID."),
    )
    fetch_userinfo = models.BooleanField(_("fetch the userinfo endpoint"), default=True)
    email_is_verified = models.BooleanField(
        _("email claim is verified"),
        default=False,
        help_text=_(
            "Trust the email claim as verified, whatever email_verified says (Entra ID sends none). "
            "Only for a provider that alone manages the addresses on its domains."
        ),
    )
    mfa_amr = models.CharField(
        _("amr values that mean two factors"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. 'mfa, otp, hwk'. Empty: the provider's login never counts as two factors."),
    )
    mfa_acr = models.CharField(
        _("acr values that mean two factors"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def _values(text: str) -> set[str]:
        return {value.strip() for value in text.split(",") if value.strip()}

    def asserts_mfa(self, claims: dict) -> bool:
        """Whether an ID token's ``amr`` / ``acr`` claims say the person used two factors."""
        amr = claims.get("amr")
        amr_values = {str(v) for v in amr} if isinstance(amr, list) else set()
        if amr_values & self._values(self.mfa_amr):
            return True
        return str(claims.get("acr") or "") in self._values(self.mfa_acr)


class OrganisationRules(TimeStampedModel):
    """What is possible at an organisation beside one's own job ("weten dat het kan").

    Kept by the organisation's HR contacts (``Organisation.hr_contacts``, granted by staff in the
    admin). Public: it is the organisation's own policy, with a link to the official regulation.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="rules")
    secondment = models.TextField(_("secondment (detachering)"), blank=True)
    leave = models.TextField(_("leave and working elsewhere for a while"), blank=True)
    side_activities = models.TextField(_("side activities (nevenwerkzaamheden)"), blank=True)
    working_hours = models.TextField(_("working hours and own hours"), blank=True)
    contact = models.TextField(_("who to ask"), blank=True)
    regulation_url = models.URLField(_("link to the official regulation"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rules of an organisation")
        verbose_name_plural = _("rules of organisations")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_described(self) -> bool:
        return any((self.secondment, self.leave, self.side_activities, self.working_hours, self.contact))


class OrganisationDomain(models.Model):
    """An email domain whose verified addresses belong to employees of the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("email domain"), max_length=253, unique=True)
    identity_provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="domains",
        help_text=_("People with an address on this domain log in through this provider."),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")
        constraints = [
            models.CheckConstraint(
                condition=Q(domain=models.functions.Lower("domain")),
                name="domain_lowercase",
                violation_error_message=_("An email domain is written in lower case."),
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        if self.identity_provider_id and self.identity_provider.organisation_id != self.organisation_id:
            raise ValidationError({"identity_provider": _("The identity provider belongs to another organisation.")})


class Employment(TimeStampedModel):
    """The link between an account and its employer, derived from a verified email address.

    Only a person with an employment is a verified government employee: they may post
    assignments and see those meant for the platform, their organisation or their networks.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employment")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employments")
    email = models.EmailField(_("verified work address"))

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        indexes = [
            # The employees of given organisations, read from the index alone (on PostgreSQL):
            # the "counted as members through the employer" set of networks.selectors.
            models.Index(fields=["organisation"], include=["user"], name="employment_organisation_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
