from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments import network_hooks

        network_hooks.register()
        from assignments.audit import AUDIT_ACTIONS
        from marketplace.hooks import register_audit_actions

        register_audit_actions(AUDIT_ACTIONS)
