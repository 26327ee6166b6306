from __future__ import annotations

from django.urls import path

from api.workspace import views

app_name = "api-workspace"

urlpatterns = [
    # /netwerken/<slug>/beheer/api-sleutels/ (coordinators with MFA)
    path("<slug:slug>/beheer/api-sleutels/", views.keys, name="keys"),
    path("<slug:slug>/beheer/api-sleutels/<uuid:code>/intrekken/", views.key_revoke, name="key-revoke"),
    path("<slug:slug>/beheer/federatie/", views.links, name="links"),
    path("<slug:slug>/beheer/federatie/<uuid:code>/beeindigen/", views.link_end, name="link-end"),
]
