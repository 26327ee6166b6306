from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments import network_hooks
        from assignments.selectors import expertise_on_visible_assignments
        from profiles import hooks as profile_hooks

        network_hooks.register()
        profile_hooks.register_tag_holders(expertise_on_visible_assignments)
        from assignments.selectors import register_email_checks

        register_email_checks()
