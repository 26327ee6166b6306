"""What networks registers into marketplace's hooks: the send-time check of its emails.

Registered from ``NetworksConfig.ready()``. Each networks email links to the page it is about;
at send time the recipient must still be able to open it: a coordinator removed or suspended
before a request or partnership email went out gets none, and an invitation revoked, used or
expired before its email went out is not sent.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from marketplace import hooks as marketplace_hooks
from networks.access import get_coordinated_network, get_network


def _open_invitation(user: Any, token: str) -> None:
    from networks.services import invitation_find

    invitation = invitation_find(token)
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= timezone.now()
    ):
        raise Http404


OPENERS = {
    "networks:detail": lambda user, slug: get_network(slug),
    "networks:queue": get_coordinated_network,
    "networks:partnerships": get_coordinated_network,
    "networks:invitation": _open_invitation,
}


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from networks import hooks

    marketplace_hooks.register_email_check("networks.", marketplace_hooks.link_email_check(OPENERS))
    hooks.register_workspace_link("networks:independents", _("Independent professionals"))
