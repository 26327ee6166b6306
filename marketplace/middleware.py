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
# Set when a person is sent to set up two factors: where they were going ("" if a POST), so the
# setup pages can say why and lead back (marketplace.lib.mfa). Forgotten on the next other page.
MFA_NEXT_KEY = "klusmarkt_mfa_next"


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


def needs_mfa_setup(request: HttpRequest, *, anticipating: str = "") -> bool:
    """Whether the person must set up two factors now (or before an action that makes them need it).

    ``anticipating`` names a predicate of MFA_REQUIRED_PREDICATES that the action is about to make
    true (posting makes an opdrachtgever): then the person is asked before, not after the harm.
    """
    user = request.user
    if not settings.MFA_ENFORCE or not user.is_authenticated or request.session.get(MFA_BY_PROVIDER_KEY):
        return False
    from allauth.mfa.utils import is_mfa_enabled

    required = anticipating in settings.MFA_REQUIRED_PREDICATES or mfa_required(user)
    return required and not is_mfa_enabled(user)


def ask_for_mfa(request: HttpRequest, next_url: str = "") -> HttpResponseRedirect:
    """Send the person to the TOTP setup, remembering where they were going.

    That is the page asked for (a GET), ``next_url``, or for a POST the page it was sent from;
    ``marketplace.lib.mfa.mfa_request`` offers it only if it is on this site.
    """
    if not next_url:
        next_url = request.get_full_path() if request.method == "GET" else request.headers.get("referer", "")
    request.session[MFA_NEXT_KEY] = next_url
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


class MfaRequiredMiddleware:
    """Send a person who must use MFA and has none to allauth's TOTP activation page.

    A session logged in through the organisation's identity provider, which asserted two factors
    (its ``amr``/``acr`` claims, as configured per provider), already has them: no TOTP asked.

    Only the account pages (where MFA is set up and where one logs out), static files, the
    language switch and a few public pages stay reachable. A compliant person is remembered in
    the session for MFA_POLICY_CACHE_SECONDS, so a new role is enforced within that time; the
    actions that give a role ask before they run (``marketplace.lib.mfa.ask_for_mfa_before``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_ENFORCE and request.user.is_authenticated and not _mfa_exempt(request.path_info):
            now = int(timezone.now().timestamp())
            if request.session.get(MFA_CHECKED_KEY, 0) < now:
                if needs_mfa_setup(request):
                    return ask_for_mfa(request)
                request.session[MFA_CHECKED_KEY] = now + settings.MFA_POLICY_CACHE_SECONDS
            if MFA_NEXT_KEY in request.session:
                del request.session[MFA_NEXT_KEY]
        return self.get_response(request)
