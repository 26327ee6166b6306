"""Networks: the organisations that take part, their members, partnerships and invitations."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel
from networks.models.organisations import Organisation

if TYPE_CHECKING:
    from marketplace.models import User


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
    # The member's employer: a copy of ``Employment.organisation`` that networks.employers keeps
    # current. The member list filters on it and lists its organisations by index, per organisation.
    employer = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

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
            # "Does this organisation employ a member of this network?": one probe per organisation.
            models.Index(fields=["network", "employer"], name="membership_network_employer"),
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
