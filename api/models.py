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
