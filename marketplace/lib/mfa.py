"""Two factors before the action that needs them, and back to what the person was doing.

The middleware (``marketplace.middleware.MfaRequiredMiddleware``) catches a person who already
needs two factors. An action that gives someone such a role (posting makes an opdrachtgever)
asks before it runs::

    if asked := ask_for_mfa_before(request, "assignments.policy.is_client"):
        return asked

Either way the person lands on allauth's TOTP activation page, which says why (the
``mfa_request`` context variable, ``marketplace.context_processors.site``), and after activation
the recovery-codes page leads back to where they were going.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from marketplace.middleware import MFA_NEXT_KEY, ask_for_mfa, needs_mfa_setup


def ask_for_mfa_before(request: HttpRequest, predicate: str, next_url: str = "") -> HttpResponse | None:
    """A redirect to the TOTP setup if the action makes ``predicate`` true and the person has no MFA.

    ``next_url`` is where to return after a POST (a GET returns to itself).
    """
    if needs_mfa_setup(request, anticipating=predicate):
        return ask_for_mfa(request, next_url)
    return None


def mfa_request(request: HttpRequest) -> dict[str, Any] | None:
    """Whether the person was sent to set up two factors, and the safe page to return to ("" if none)."""
    session = getattr(request, "session", None)
    if session is None or MFA_NEXT_KEY not in session:
        return None
    next_url = str(session[MFA_NEXT_KEY])
    host, https = request.get_host(), request.is_secure()
    safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={host}, require_https=https)
    return {"next": next_url if safe else ""}
