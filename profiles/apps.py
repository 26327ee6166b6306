from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self) -> None:
        from marketplace.hooks import register_audit_actions
        from profiles.audit import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
