"""API clients: per-network machine keys, stored as hashes only."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import TimeStampedModel
from networks.models import Network

KEY_PREFIX = "klm_"


def key_hash(key: str) -> str:
    """Only the SHA-256 of a key is stored. Keys are 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClientQuerySet(models.QuerySet["ApiClient"]):
    def usable(self) -> ApiClientQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiClient(TimeStampedModel):
    """A machine that acts for one network, with a key issued by one of its coordinators."""

    class Scope(models.TextChoices):
        READ = "read", _("Read assignments, networks and organisations")
        FEDERATION = "federation", _("Deliver assignments from a linked Klusmarkt")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, shown so people can tell their keys apart.
    key_hint = models.CharField(max_length=12, editable=False)
    scope = models.CharField(_("may"), max_length=20, choices=Scope.choices, default=Scope.READ)
    peer_url = models.URLField(_("address of the other Klusmarkt"), blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.CheckConstraint(condition=Q(scope="read") | ~Q(peer_url=""), name="api_federation_client_has_peer"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.network})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        """A federation client may also read: it is how the peer checks the link."""
        return scope == self.Scope.READ or scope == self.scope


class FederationLink(TimeStampedModel):
    """Our network's link with a network on another Klusmarkt: we deliver what it shares with partners.

    Both sides agree: the other side's coordinator issued the federation key we hold (for their
    network, naming our address), and ours created this link with it. The key is kept encrypted,
    since it must be sent; ending the link withdraws everything it delivered.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    peer_url = models.URLField(_("address of the other Klusmarkt"))
    peer_network_name = models.CharField(_("network on the other Klusmarkt"), max_length=120)
    peer_key_encrypted = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("federation link")
        verbose_name_plural = _("federation links")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "peer_url"], condition=Q(status="active"), name="federation_link_active_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} → {self.peer_network_name} ({self.peer_url})"


class OutboundShare(models.Model):
    """An assignment delivered over a link, and the version (hash of the document) the peer has."""

    link = models.ForeignKey(FederationLink, on_delete=models.CASCADE, related_name="shares")
    assignment_code = models.UUIDField()
    version = models.CharField(max_length=64)
    delivered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "assignment_code"], name="outbound_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_code} → {self.link.peer_url}"


class InboundOrganisation(models.Model):
    """A local stand-in for an organisation on another Klusmarkt (no email domains: nobody works there)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    organisation = models.OneToOneField("networks.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "name"], name="inbound_organisation_unique")]

    def __str__(self) -> str:
        return self.name


class InboundAssignment(models.Model):
    """A read-only local copy of an assignment another Klusmarkt delivered with a federation key."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    remote_code = models.UUIDField()
    assignment = models.OneToOneField("assignments.Assignment", on_delete=models.CASCADE, related_name="+")
    origin_url = models.URLField(max_length=500)
    origin_network = models.CharField(max_length=120)
    version = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "remote_code"], name="inbound_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.remote_code} from {self.origin_url}"
