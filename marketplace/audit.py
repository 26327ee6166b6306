"""Words for the audit actions this app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "marketplace.notification_preference.changed": _("Notification preferences changed"),
    "marketplace.notification.email_dropped": _("Email not sent: the recipient may no longer see it"),
}
