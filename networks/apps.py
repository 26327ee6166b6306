from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and organisations")

    def ready(self) -> None:
        from marketplace import privacy
        from marketplace.hooks import register_audit_actions
        from networks import (
            employers,
            receivers,  # noqa: F401  (connects allauth's email signals)
            registrations,
        )
        from networks.audit import AUDIT_ACTIONS
        from networks.personal_data import PART

        privacy.register(PART)
        registrations.register()
        employers.connect()
        register_audit_actions(AUDIT_ACTIONS)
