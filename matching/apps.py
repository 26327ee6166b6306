from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from matching import registrations

        registrations.register()
        from marketplace.hooks import register_audit_actions
        from matching.audit import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
