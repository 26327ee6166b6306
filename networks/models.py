"""Organisations, the employment link, networks and memberships."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel

if TYPE_CHECKING:
    from marketplace.models import User


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


class NetworkQuerySet(models.QuerySet["Network"]):
    def of_member(self, user: User) -> NetworkQuerySet:
        """The networks ``user`` is a member of now: the one answer every visibility rule uses.

        A person is in a network through an active membership, or through employment at a
        participating organisation of a network whose employees count as members, unless
        they have been suspended from it or left it.
        """
        if not user.is_authenticated:
            return self.none()
        explicit = Membership.objects.filter(network=OuterRef("pk"), user=user, status=Membership.Status.ACTIVE)
        blocked = Membership.objects.filter(
            network=OuterRef("pk"),
            user=user,
            status__in=[Membership.Status.SUSPENDED, Membership.Status.LEFT],
        )
        by_employer = Participation.objects.filter(network=OuterRef("pk"), organisation__employments__user=user)
        return self.filter(Exists(explicit) | (Q(employees_are_members=True) & Exists(by_employer) & ~Exists(blocked)))

    def coordinated_by(self, user: User) -> NetworkQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__status=Membership.Status.ACTIVE,
        )


class Network(TimeStampedModel):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("regional")
        FUNCTIONAL = "functional", _("functional")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("open: anyone may join")
        APPROVAL = "approval", _("approval by a coordinator")
        INVITATION = "invitation", _("by invitation only")

    class PostingPolicy(models.TextChoices):
        MEMBERS = "members", _("members")
        COORDINATORS = "coordinators", _("coordinators")
        MANAGERS = "managers", _("employees of participating organisations")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    join_policy = models.CharField(_("joining"), max_length=20, choices=JoinPolicy.choices)
    employees_are_members = models.BooleanField(
        _("employees of participating organisations are members"), default=False
    )
    posting_policy = models.CharField(
        _("who may post assignments"), max_length=20, choices=PostingPolicy.choices, default=PostingPolicy.MEMBERS
    )
    moderates_assignments = models.BooleanField(_("coordinators approve assignments"), default=False)
    organisations = models.ManyToManyField(
        Organisation, through="Participation", related_name="networks", verbose_name=_("organisations")
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def description_for(self, language: str) -> str:
        """The English description for English readers when there is one; Dutch otherwise."""
        if language.startswith("en") and self.description_en:
            return self.description_en
        return self.description


class Participation(TimeStampedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                name="participation_unique",
                violation_error_message=_("This organisation already takes part in this network."),
            ),
        ]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        COORDINATOR = "coordinator", _("coordinator")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        PENDING = "pending", _("awaiting approval")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        REJECTED = "rejected", _("rejected")
        LEFT = "left", _("left")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    motivation = models.TextField(_("motivation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"],
                name="membership_unique",
                violation_error_message=_("This person is already a member of this network."),
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status", "role"]),
            # The members of given networks by status, read from the index alone (on PostgreSQL):
            # the member sets of the visibility rules (networks.selectors.in_any_network_q).
            models.Index(fields=["network", "status"], include=["user"], name="membership_network_status_user"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.network} ({self.status})"


class Partnership(TimeStampedModel):
    """A link between two networks, proposed by one and accepted by the other."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        ENDED = "ended", _("ended")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposer = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="partnerships_proposed")
    partner = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="partnerships_received")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposer", "partner"],
                name="partnership_unique",
                violation_error_message=_("These networks are already linked or a proposal is waiting."),
            ),
            models.CheckConstraint(
                condition=~Q(proposer=models.F("partner")),
                name="partnership_not_self",
                violation_error_message=_("A network cannot be linked to itself."),
            ),
        ]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return f"{self.proposer} ↔ {self.partner}"


def invitation_token_hash(token: str) -> str:
    """Only the hash of an invitation token is stored: a database leak opens no network."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        from django.utils import timezone

        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An emailed, expiring, single-use invitation to join a network.

    The link carries a random token; only its SHA-256 is stored. It works for someone without
    an account: once they sign up and verify the invited address, the membership is theirs.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    message = models.TextField(_("personal message"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "network"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="invitation_email_lowercase",
                violation_error_message=_("An email address is stored in lower case."),
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.network}"


from networks.agreement.models import LedgerReminder, PublicRate  # noqa: E402,F401 - the app's models
from networks.independents import IndependentAdmission  # noqa: E402, F401  (registers the model)
