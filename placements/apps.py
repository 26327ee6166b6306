from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from placements import registrations

        registrations.register()
        from marketplace.hooks import register_audit_actions
        from placements.selectors import HISTORY_LABELS

        register_audit_actions(HISTORY_LABELS)
