"""What the API app plugs into the layers below it (which never import it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from api.federation.inbound import origin_of
from assignments import hooks as assignment_hooks
from networks import hooks as network_hooks


def register() -> None:
    network_hooks.register_workspace_link("api-workspace:keys", _("API keys"))
    network_hooks.register_workspace_link("api-workspace:links", _("Other Klusmarkts"))
    assignment_hooks.register_origin(origin_of)
