"""What every app shares: the base model, accounts, in-app notifications and the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The email address is the login; allauth verifies it."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Lists of people in name order (a network's members): PostgreSQL walks the names and
        # probes each person's membership instead of sorting every member of a large network.
        indexes = [models.Index(fields=["full_name", "email", "id"], name="user_name_order")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def email_pending(self) -> NotificationQuerySet:
        return self.filter(email_status=Notification.EmailStatus.PENDING)


class Notification(TimeStampedModel):
    """A message to one person: shown in the app, and mailed unless the person opted out.

    The row is written in the same transaction as the change it reports, so it doubles as the
    outbox for its email: a worker sends it later and marks it sent exactly once.
    """

    class EmailStatus(models.TextChoices):
        NONE = "none", _("no email")
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # An address without an account (an invitation, a consent request): email only, no recipient;
    # its text is cleared once sent, so a link it carries does not stay in the outbox.
    email_to = models.EmailField(blank=True)
    kind = models.CharField(_("kind"), max_length=80)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    body_html = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attachments = models.JSONField(default=list, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email_to=""),
                name="notification_has_an_addressee",
                violation_error_message=_("A notification needs a recipient or an email address."),
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["email_status", "created_at"],
                name="notification_email_pending",
                condition=models.Q(email_status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, when, from which state to which."""

    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.action} {self.target_type_id}:{self.target_id}"

    @property
    def action_label(self) -> str:
        """The action in words (registered by the app that records it), never its code."""
        from marketplace.hooks import audit_action_labels

        return str(audit_action_labels().get(self.action) or _("change recorded"))


class NotificationPreference(TimeStampedModel):
    """How often a person hears of matches and saved searches. Workflow messages always come.

    No row means the defaults (``instant`` for both).
    """

    class Pace(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        OFF = "off", _("Off")

    DEFAULT = Pace.INSTANT
    TOPICS = ("matches", "saved_searches")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    matches = models.CharField(_("matching assignments"), max_length=10, choices=Pace.choices, default=DEFAULT)
    saved_searches = models.CharField(_("saved searches"), max_length=10, choices=Pace.choices, default=DEFAULT)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.matches}/{self.saved_searches}"
