"""What a login through an organisation's identity provider leaves in the session."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.http import HttpRequest

from marketplace.middleware import MFA_BY_PROVIDER_KEY, SSO_PROVIDER_KEY
from networks.models import IdentityProvider


def sso_logged_in(request: HttpRequest, *, user: Any, sociallogin: Any) -> None:
    """Record the vouched address as verified; remember the provider and whether it asserted MFA.

    The second factor counts only for this session, and only when the provider's ``amr`` or
    ``acr`` claim is one its configuration names (``IdentityProvider.asserts_mfa``).
    """
    # pre_social_login let only verified addresses on vouched domains through; allauth has already
    # wiped the password of an account found by an address that was never verified (a squatter's).
    for address in sociallogin.email_addresses:
        EmailAddress.objects.filter(user=user, email__iexact=address.email, verified=False).update(verified=True)
    slug = sociallogin.account.provider
    request.session[SSO_PROVIDER_KEY] = slug
    request.session.pop(MFA_BY_PROVIDER_KEY, None)
    provider = IdentityProvider.objects.filter(slug=slug).first()
    claims = sociallogin.account.extra_data.get("id_token") or {}
    if provider is not None and provider.asserts_mfa(claims):
        request.session[MFA_BY_PROVIDER_KEY] = slug
