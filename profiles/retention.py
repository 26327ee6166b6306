"""Retention (AVG art. 5(1)(e)): profiles of people who stopped using Klusmarkt do not stay on show.

A profile whose owner has not logged in or edited it for ``RETENTION_INACTIVE_DAYS`` (24 months)
is warned by email; if the owner does not come back within ``RETENTION_GRACE_DAYS`` (3 months)
the profile is hidden from everyone but its owner. Coming back (logging in) undoes both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from marketplace.services import audit_log, notify
from profiles import audience
from profiles.models import Profile


@dataclass(frozen=True)
class RetentionResult:
    warned: int
    hidden: int
    restored: int


def _with_last_activity():
    joined = F("user__date_joined")
    return Profile.objects.alias(
        last_activity=Greatest(Coalesce("user__last_login", joined), Coalesce("last_active_at", joined))
    )


@transaction.atomic
def profiles_retention_sweep(*, now: datetime | None = None) -> RetentionResult:
    """Warn, hide and restore profiles by their owners' last activity; idempotent."""
    now = now or timezone.now()
    inactive_since = now - timedelta(days=settings.RETENTION_INACTIVE_DAYS)
    grace_ended = now - timedelta(days=settings.RETENTION_GRACE_DAYS)
    profiles = _with_last_activity()

    came_back = profiles.filter(
        Q(retention_warned_at__isnull=False), last_activity__gt=F("retention_warned_at")
    ).select_related("user")
    restored = 0
    for profile in came_back:
        hidden = profile.retention_hidden_at is not None
        Profile.objects.filter(pk=profile.pk).update(
            retention_warned_at=None, retention_hidden_at=None, **({"is_hidden": False} if hidden else {})
        )
        if hidden:
            audience.refresh([profile.pk])  # shown again: its audience comes back, in this transaction
        audit_log(actor=None, action="profiles.retention.restored", target=profile)
        restored += 1

    to_warn = profiles.filter(
        last_activity__lt=inactive_since, retention_warned_at__isnull=True, is_hidden=False, user__is_active=True
    ).select_related("user")
    warned = 0
    for profile in to_warn:
        Profile.objects.filter(pk=profile.pk).update(retention_warned_at=now)
        notify(
            recipient=profile.user,
            kind="profiles.retention.warning",
            template="profiles-retention-warning",
            context={"profile": profile, "grace_days": settings.RETENTION_GRACE_DAYS},
            url=reverse("profiles:edit"),
        )
        audit_log(actor=None, action="profiles.retention.warned", target=profile)
        warned += 1

    to_hide = profiles.filter(
        retention_warned_at__lt=grace_ended,
        retention_hidden_at__isnull=True,
        last_activity__lt=F("retention_warned_at"),
    )
    hidden = 0
    for profile in to_hide:
        Profile.objects.filter(pk=profile.pk).update(is_hidden=True, retention_hidden_at=now)
        audience.refresh([profile.pk])  # hidden: no one keeps it in their directory
        audit_log(actor=None, action="profiles.retention.hidden", target=profile)
        hidden += 1
    return RetentionResult(warned=warned, hidden=hidden, restored=restored)
