"""Log in with your own organisation: work email first, then the organisation's provider."""

from __future__ import annotations

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

from networks.services import email_domain
from networks.sso.adapter import provider_for_domain
from networks.sso.provider import NLGovOIDCAdapter


class WorkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Work email address"),
        help_text=_("The address at your employer, e.g. j.jansen@gemeente.nl."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def organisation_login(request: HttpRequest) -> HttpResponse:
    """Ask for the work address; a domain with an identity provider goes there, others to a password."""
    next_url = get_next_redirect_url(request) or ""
    form = WorkEmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    no_provider = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        identity_provider = provider_for_domain(email_domain(email))
        if identity_provider is not None:
            provider = get_adapter(request).get_provider(request, identity_provider.slug)
            return provider.redirect(
                request,
                "login",
                next_url=next_url or None,
                auth_params={"login_hint": email},
            )
        no_provider = True
    query = {"next": next_url} if next_url else {}
    password_login_url = reverse("account_login") + (f"?{urlencode(query)}" if query else "")
    return render(
        request,
        "account/organisation_login.html",
        {"form": form, "no_provider": no_provider, "next": next_url, "password_login_url": password_login_url},
        status=200,
    )


@login_not_required
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(NLGovOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(NLGovOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
