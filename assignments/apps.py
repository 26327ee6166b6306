from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments import network_hooks
        from assignments.personal_data import PART
        from assignments.selectors import expertise_on_visible_assignments, register_email_checks
        from marketplace import privacy
        from profiles import hooks as profile_hooks

        privacy.register(PART)
        network_hooks.register()
        profile_hooks.register_tag_holders(expertise_on_visible_assignments)
        register_email_checks()
        from assignments.audit import AUDIT_ACTIONS
        from marketplace.hooks import register_audit_actions

        register_audit_actions(AUDIT_ACTIONS)

        from assignments import facets

        facets.connect()
