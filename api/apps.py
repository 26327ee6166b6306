from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open API (/api/v1/) and federation between Klusmarkt instances: the top layer.

    It imports networks, profiles and assignments; none of them imports it. It plugs into
    their pages through their hooks.
    """

    name = "api"
    verbose_name = _("API and federation")

    def ready(self) -> None:
        from api import hooks
        from api.audit import AUDIT_ACTIONS
        from api.personal_data import PART
        from marketplace import privacy
        from marketplace.hooks import register_audit_actions

        hooks.register()
        privacy.register(PART)
        register_audit_actions(AUDIT_ACTIONS)
