"""The only place that touches allauth's internal modules (``allauth.*.internal``).

allauth's public API does not (yet) offer these four things, so they are wrapped here, each with a
test in ``tests/marketplace/test_allauth_internals.py``: when an allauth upgrade moves or changes
one of them, that test fails, not a page in production. Everything else uses allauth's public API
(settings, decorators, adapters, models, signals).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from marketplace.models import User


def track_session_activity(request: HttpRequest) -> None:
    """Record the request in allauth's session list (last seen, IP, user agent)."""
    from allauth.usersessions.internal import usersessionkit

    usersessionkit.track_activity(request, user=request.user, session=request.session)


def raise_if_reauthentication_required(request: HttpRequest, *, app: str) -> None:
    """Raise allauth's ReauthenticationRequired (AccountMiddleware redirects) when the login is stale."""
    from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required as check

    check(request, app=app)


def activate_totp(user: User, secret: str) -> None:
    """Give ``user`` an authenticator app with ``secret`` (the demo's known secret)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def current_totp_code(secret: str) -> str:
    """The code an authenticator app with ``secret`` shows now."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
