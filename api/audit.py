"""Words for the audit actions the api app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "api.client.issued": _("API key issued"),
    "api.client.revoked": _("API key revoked"),
    "api.federation.linked": _("Linked with a network on another Klusmarkt"),
    "api.federation.ended": _("Link with another Klusmarkt ended"),
}
