"""Re-authentication before sensitive actions (data export, account deletion), via allauth.

allauth already asks again before email, password and MFA changes
(ACCOUNT_REAUTHENTICATION_REQUIRED, MFA_REAUTHENTICATION_REQUIRED). For our own views::

    @reauthentication_required
    @require_POST
    def profile_delete(request): ...

A person who has not re-entered their password (or MFA code) in the last
ACCOUNT_REAUTHENTICATION_TIMEOUT seconds is sent to allauth's re-authentication page; a POST
is stashed in the session and replayed afterwards, so nothing is lost. Needs allauth's
AccountMiddleware (installed), which turns the exception into that redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.decorators import reauthentication_required as _allauth_reauthentication_required
from django.http import HttpRequest

from marketplace.lib.allauth_internals import raise_if_reauthentication_required

# An empty app name makes allauth's adapter require re-authentication whatever the
# ACCOUNT_REAUTHENTICATION_REQUIRED setting says: export and deletion always need it.
_ALWAYS = ""


def reauthentication_required(view: Callable[..., Any] | None = None, *, allow_get: bool = False) -> Any:
    """Decorate a view so it runs only after a recent (re-)authentication."""
    decorator = _allauth_reauthentication_required(allow_get=allow_get, app=_ALWAYS)
    return decorator(view) if view is not None else decorator


def require_recent_authentication(request: HttpRequest) -> None:
    """The same check inside a view: raises allauth's ReauthenticationRequired when stale."""
    raise_if_reauthentication_required(request, app=_ALWAYS)
