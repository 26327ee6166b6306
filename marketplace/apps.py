from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Klusmarkt")

    def ready(self) -> None:
        from marketplace import privacy
        from marketplace.personal_data import PART

        privacy.register(PART)
        from django.contrib.auth.signals import user_logged_in

        from marketplace import checks  # noqa: F401 - registers the deployment checks
        from marketplace.audit import AUDIT_ACTIONS
        from marketplace.hooks import register_audit_actions

        register_audit_actions(AUDIT_ACTIONS)

        user_logged_in.connect(_stamp_session_start, dispatch_uid="marketplace.session_start")


def _stamp_session_start(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The absolute session lifetime counts from the login itself (SessionAbsoluteTimeoutMiddleware).
    if request is not None and hasattr(request, "session"):
        from marketplace.middleware import session_mark_started

        session_mark_started(request)
