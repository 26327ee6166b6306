"""Log in with your own organisation: work email first, then the organisation's provider."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import requests
from allauth.account.utils import get_next_redirect_url
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from networks.models import IdentityProvider
from networks.services import email_domain
from networks.sso.adapter import provider_for_domain
from networks.sso.provider import NLGovOIDCAdapter

logger = logging.getLogger(__name__)


class WorkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Work email address"),
        help_text=_("The address at your employer, e.g. j.jansen@gemeente.nl."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allow_forms_to_reach(response: HttpResponse, issuers: list[str]) -> HttpResponse:
    """Let this page's form lead on to the identity providers.

    The site's CSP has ``form-action 'self'``, and browsers apply it to the redirects after a
    form is sent too: the POST that answers with a redirect to the provider would be blocked.
    The page holds only our own form, so HTTPS destinations (a provider may pass the browser on
    to a federated one) and the providers' own origins are allowed, on these pages alone.
    """
    response._csp_update = {"form-action": ["https:", *sorted({_origin(i) for i in issuers})]}  # type: ignore[attr-defined]
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def organisation_login(request: HttpRequest) -> HttpResponse:
    """Ask for the work address; a domain with an identity provider goes there, others to a password."""
    next_url = get_next_redirect_url(request) or ""
    form = WorkEmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    no_provider = unreachable = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        identity_provider = provider_for_domain(email_domain(email))
        if identity_provider is not None:
            provider = get_adapter(request).get_provider(request, identity_provider.slug)
            try:
                return provider.redirect(
                    request,
                    "login",
                    next_url=next_url or None,
                    auth_params={"login_hint": email},
                )
            except requests.RequestException:
                logger.warning("identity provider %s unreachable", identity_provider.slug, exc_info=True)
                unreachable = True
        else:
            no_provider = True
    query = {"next": next_url} if next_url else {}
    password_login_url = reverse("account_login") + (f"?{urlencode(query)}" if query else "")
    response = render(
        request,
        "account/organisation_login.html",
        {
            "form": form,
            "no_provider": no_provider,
            "unreachable": unreachable,
            "next": next_url,
            "password_login_url": password_login_url,
        },
        status=503 if unreachable else 200,
    )
    issuers = list(IdentityProvider.objects.filter(is_active=True).values_list("issuer", flat=True).distinct())
    return allow_forms_to_reach(response, issuers)


@login_not_required
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's "Continue" page (GET), and the redirect to the provider (POST)."""
    try:
        response = OAuth2LoginView.adapter_view(NLGovOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except requests.RequestException:
        logger.warning("identity provider %s unreachable", provider_id, exc_info=True)
        response = render(request, "account/organisation_unreachable.html", status=503)
    app = get_adapter(request).get_app(request, provider_id)
    return allow_forms_to_reach(response, [app.settings["issuer"]])


@login_not_required
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(NLGovOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
