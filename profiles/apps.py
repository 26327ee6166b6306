from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self) -> None:
        from marketplace import hooks as marketplace_hooks
        from marketplace import privacy
        from profiles import network_hooks
        from profiles.privacy import PART

        privacy.register(PART)
        network_hooks.register()

        from profiles import audience

        audience.connect()

        from profiles import facets

        facets.connect()

        # The retention warning is about the recipient's own profile: sent while the account is active.
        openers = {"profiles:edit": lambda user: None}
        marketplace_hooks.register_email_check("profiles.", marketplace_hooks.link_email_check(openers))

        from marketplace.hooks import register_audit_actions
        from profiles.audit import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
