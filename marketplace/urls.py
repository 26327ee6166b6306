from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.i18n import set_language

from marketplace import views

# The admin logs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Klusmarkt"

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications-read"),
    path("accounts/", include("allauth.urls")),
    path("netwerken/", include("networks.urls")),
    path("professionals/", include("profiles.urls")),
    path("klussen/", include("assignments.urls")),
    path("admin/", admin.site.urls),
]
