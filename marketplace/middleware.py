from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string

SESSION_STARTED_KEY = "klusmarkt_session_started"
SESSION_SEEN_KEY = "klusmarkt_session_seen"
MFA_CHECKED_KEY = "klusmarkt_mfa_policy_ok_until"
# Set by a login through an organisation's identity provider (networks.sso): which provider, and
# whether it asserted two factors (amr/acr). Every login clears both first (session_mark_started).
SSO_PROVIDER_KEY = "klusmarkt_sso_provider"
MFA_BY_PROVIDER_KEY = "klusmarkt_mfa_by_provider"


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (Django has no setting for it).

    Also keep pages for a logged-in person out of every cache (``Cache-Control: no-store``)
    unless the view chose its own caching: they may hold personal data (ASVS 14.3.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response


def session_mark_started(request: HttpRequest) -> None:
    """Stamp the session with the moment of login; the absolute timeout counts from here.

    What an earlier single sign-on left in the session (its provider, its second factor) does
    not carry over to this login; a login through a provider sets it again afterwards.
    """
    request.session[SESSION_STARTED_KEY] = int(timezone.now().timestamp())
    request.session.pop(SSO_PROVIDER_KEY, None)
    request.session.pop(MFA_BY_PROVIDER_KEY, None)


class SessionAbsoluteTimeoutMiddleware:
    """End a logged-in session a fixed time after it began; keep the idle timeout rolling.

    Idle timeout: the session expires SESSION_COOKIE_AGE after its last save. Instead of saving
    on every request (SESSION_SAVE_EVERY_REQUEST: an UPDATE and a commit per page view), the
    session is re-saved only when its last-seen stamp is older than SESSION_REFRESH_SECONDS, so
    an active person's idle deadline lags at most that long behind their last request. The same
    moment records the activity for allauth's session list (instead of its middleware, which
    writes on every request).

    The idle rule is also checked against the stamp itself (last seen, or the login time before
    the first stamp), so it holds with a cache-backed session store as well.

    Absolute timeout: SESSION_ABSOLUTE_TIMEOUT seconds after login. The start is stamped at
    login (``user_logged_in``, see ``marketplace.apps``); a session without a stamp (older than
    this middleware) gets one on its first request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            started = int(session.setdefault(SESSION_STARTED_KEY, now))
            seen = int(session.get(SESSION_SEEN_KEY, started))
            # The store expires an idle session too; checking here as well keeps the rule exact
            # whatever the store (a cache's TTL runs on its own clock).
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT or now - seen > settings.SESSION_COOKIE_AGE:
                logout(request)
            elif now - seen >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now  # marks the session modified: saved, new expiry
                _track_activity(request)
        return self.get_response(request)


def _track_activity(request: HttpRequest) -> None:
    """Record the request in allauth's session list (last seen, IP, user agent), if tracked."""
    if "allauth.usersessions" not in settings.INSTALLED_APPS:
        return
    from marketplace.lib.allauth_internals import track_session_activity

    track_session_activity(request)


@cache
def _predicates(paths: tuple[str, ...]) -> tuple[Callable[[Any], bool], ...]:
    return tuple(import_string(path) for path in paths)


def mfa_required(user: Any) -> bool:
    """Whether ``user`` must use a second factor: staff, everyone (setting) or a policy predicate.

    The predicates are dotted paths in MFA_REQUIRED_PREDICATES (coordinators, opdrachtgevers),
    so marketplace never imports the apps that know those roles.
    """
    if not user.is_authenticated:
        return False
    if settings.MFA_REQUIRED_FOR_ALL or user.is_staff or user.is_superuser:
        return True
    return any(predicate(user) for predicate in _predicates(tuple(settings.MFA_REQUIRED_PREDICATES)))


def _mfa_exempt(path: str) -> bool:
    """Pages a person without MFA must still reach: accounts (login, logout, MFA setup), static."""
    prefixes = (
        reverse("account_login").removesuffix("login/"),
        settings.STATIC_URL,
        reverse("set_language"),
        reverse("healthz"),
        "/.well-known/",
        reverse("privacy"),
    )
    return path.startswith(prefixes)


class MfaRequiredMiddleware:
    """Send a person who must use MFA and has none to allauth's TOTP activation page.

    A session logged in through the organisation's identity provider, which asserted two factors
    (its ``amr``/``acr`` claims, as configured per provider), already has them: no TOTP asked.

    Only the account pages (where MFA is set up and where one logs out), static files, the
    language switch and a few public pages stay reachable. A compliant person is remembered in
    the session for MFA_POLICY_CACHE_SECONDS, so a new role is enforced within that time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_ENFORCE and request.user.is_authenticated and not _mfa_exempt(request.path_info):
            now = int(timezone.now().timestamp())
            if request.session.get(MFA_CHECKED_KEY, 0) < now:
                if self._lacks_required_mfa(request.user) and not request.session.get(MFA_BY_PROVIDER_KEY):
                    return HttpResponseRedirect(reverse("mfa_activate_totp"))
                request.session[MFA_CHECKED_KEY] = now + settings.MFA_POLICY_CACHE_SECONDS
        return self.get_response(request)

    @staticmethod
    def _lacks_required_mfa(user: Any) -> bool:
        from allauth.mfa.utils import is_mfa_enabled

        return mfa_required(user) and not is_mfa_enabled(user)
