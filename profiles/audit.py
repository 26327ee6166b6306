"""Words for the audit actions this app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "profiles.profile.created": _("Profile created"),
    "profiles.profile.updated": _("Profile changed"),
    "profiles.profile.discreet": _("Discreet mode changed"),
    "profiles.core_quality.suggested": _("Core quality suggested"),
    "profiles.experience.added": _("Experience added"),
    "profiles.experience.removed": _("Experience removed"),
    "profiles.share_link.created": _("Share link made"),
    "profiles.share_link.revoked": _("Share link withdrawn"),
    "profiles.quadrant.saved": _("Core quadrant saved"),
    "profiles.selfscan.saved": _("Self-scan saved"),
    "profiles.cv.downloaded": _("CV downloaded"),
    "profiles.cv.denied": _("CV download refused"),
    "profiles.account.exported": _("Personal data exported"),
    "profiles.account.deleted": _("Account deleted"),
    "profiles.retention.warned": _("Warned about inactivity"),
    "profiles.retention.hidden": _("Hidden after inactivity"),
    "profiles.retention.restored": _("Shown again after activity"),
}
