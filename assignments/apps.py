from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments import network_hooks
        from assignments.services import alerts
        from marketplace import hooks

        network_hooks.register()
        # The outbox (marketplace) asks before it sends any alert, including the stale-email sweep.
        hooks.register_email_check("alerts.", alerts.alerts_still_allowed)
