"""The OpenID Connect login and callback, under /accounts/ (allauth includes this module).

allauth includes the ``urls`` of the provider class's package; ``NLGovOIDCProvider`` lives here,
so these replace allauth's own ``openid_connect`` routes (same names, typed ``provider_id``).
"""

from __future__ import annotations

from django.urls import path

from networks.sso import views

urlpatterns = [
    path("oidc/<slug:provider_id>/login/", views.oidc_login, name="openid_connect_login"),
    path("oidc/<slug:provider_id>/login/callback/", views.oidc_callback, name="openid_connect_callback"),
]
