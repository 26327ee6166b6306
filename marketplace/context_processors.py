from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from marketplace.lib.mfa import mfa_request


def site(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the header and, on the MFA setup pages, why and where back to.

    Both are evaluated lazily, so pages that do not show them pay nothing.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: user.notifications.unread().count(),
        "mfa_request": lambda: mfa_request(request),
    }
