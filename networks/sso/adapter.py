"""allauth's social-account adapter: identity providers come from the organisations' data.

- ``list_apps``: every active ``IdentityProvider`` is an allauth app (never ``SocialApp`` rows
  or settings), its secret read through the ``NAME`` / ``NAME_FILE`` convention at use;
- ``generate_state_param``: 256 random bits (the profile asks for at least 128; allauth's are 95);
- ``pre_social_login``: the ID token's nonce must be the one sent, and the person's address must
  be verified and on a domain this provider vouches for. Anything else is refused (HTTP 401);
- ``on_authentication_error``: a refused login through a provider ends the session that
  provider started, so it does not live on after the provider said no.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.crypto import constant_time_compare

from marketplace.lib.env import env_secret
from marketplace.middleware import SSO_PROVIDER_KEY
from networks.models import IdentityProvider
from networks.services import email_domain

logger = logging.getLogger(__name__)

OIDC = "openid_connect"


def social_app(provider: IdentityProvider) -> SocialApp:
    """The allauth app of an organisation's identity provider (never saved)."""
    domains = sorted(d.domain for d in provider.domains.all())
    settings: dict[str, Any] = {
        "server_url": provider.issuer,
        "issuer": provider.issuer,
        "token_auth_method": provider.token_auth_method,
        "uid_field": provider.uid_claim,
        "fetch_userinfo": provider.fetch_userinfo,
        "verified_email": domains if provider.email_is_verified else False,
        "email_authentication": True,
        "oauth_pkce_enabled": True,
        "scope": ["openid", "email", "profile"],
        "hidden": True,
        "vouched_domains": domains,
    }
    secret = env_secret(provider.secret_name) if provider.secret_name else ""
    if provider.token_auth_method == IdentityProvider.TokenAuthMethod.PRIVATE_KEY_JWT:
        settings["private_key"] = env_secret(provider.private_key_name) if provider.private_key_name else ""
        settings["key_id"] = provider.key_id
        secret = ""
        if not settings["private_key"]:
            logger.warning("identity provider %s: no private key in %s", provider.slug, provider.private_key_name)
    elif not secret:
        logger.warning("identity provider %s: no client secret in %s", provider.slug, provider.secret_name)
    return SocialApp(
        provider=OIDC,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=secret,
        settings=settings,
    )


def provider_for_domain(domain: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.filter(is_active=True, domains__domain=domain.strip().lower())
        .select_related("organisation")
        .first()
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        cache = getattr(request, "_klusmarkt_sso_apps", None) if request is not None else None
        key = (provider, client_id)
        if cache is not None and key in cache:
            return cache[key]
        providers = IdentityProvider.objects.filter(is_active=True).prefetch_related("domains")
        if provider and provider != OIDC:
            providers = providers.filter(slug=provider)
        if client_id:
            providers = providers.filter(client_id=client_id)
        apps = [social_app(p) for p in providers]
        if request is not None:
            if cache is None:
                cache = {}
                request._klusmarkt_sso_apps = cache  # type: ignore[attr-defined]
            cache[key] = apps
        return apps

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict) -> Any:
        """A new account takes its name from the provider, and the language it was made in."""
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "")[:150]
        language = translation.get_language() or django_settings.LANGUAGE_CODE
        user.language = language if language in dict(django_settings.LANGUAGES) else django_settings.LANGUAGE_CODE
        return user

    def generate_state_param(self, state: dict) -> str:
        return secrets.token_urlsafe(32)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        provider = sociallogin.provider
        if provider.id != OIDC:
            raise PermissionDenied("only organisations' identity providers log in here")
        claims = sociallogin.account.extra_data.get("id_token") or {}
        expected = (sociallogin.state or {}).get("nonce") or ""
        received = claims.get("nonce") or ""
        if not expected or not received or not constant_time_compare(expected, received):
            raise PermissionDenied("the ID token's nonce is not the one sent")
        vouched = set(provider.app.settings.get("vouched_domains") or [])
        addresses = [a for a in sociallogin.email_addresses if a.verified and email_domain(a.email) in vouched]
        if not addresses or len(addresses) != len(sociallogin.email_addresses):
            raise PermissionDenied("the provider does not vouch for this address")
        if sociallogin.is_existing and not sociallogin.user.is_active:
            raise PermissionDenied("inactive account")

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        logger.info("single sign-on refused (%s): %s %s", getattr(provider, "sub_id", provider), error, exception)
        user = getattr(request, "user", None)
        started_by = request.session.get(SSO_PROVIDER_KEY) if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and started_by == getattr(provider, "sub_id", None):
            get_account_adapter(request).logout(request)
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
