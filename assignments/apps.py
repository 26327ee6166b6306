from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments.personal_data import PART
        from marketplace import privacy

        privacy.register(PART)
        from assignments import network_hooks

        network_hooks.register()
