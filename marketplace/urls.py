from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from marketplace import probes, views, views_security
from networks.sso import views as sso_views
from placements.views.dashboard import dashboard

# The admin logs in through allauth, so its rate limits and MFA apply there too; a logged-in
# person who is not staff gets 403 instead of a second (unthrottled) password form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Klusmarkt"

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("livez", probes.livez, name="livez"),
    path("healthz", probes.healthz, name="healthz"),
    path(".well-known/security.txt", views_security.security_txt, name="security-txt"),
    path("privacy/", views_security.privacy, name="privacy"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications-read"),
    path("meldingen/voorkeuren/", views.notification_preferences, name="notification-preferences"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mijn/", dashboard, name="dashboard"),
    path("", include("matching.urls")),
    path("accounts/organisatie/", sso_views.organisation_login, name="sso_login"),
    path("accounts/", include("allauth.urls")),
    path("netwerken/", include("networks.urls")),
    path("professionals/", include("profiles.urls")),
    path("klussen/", include("assignments.urls")),
    path("klussen/", include("placements.urls")),
    path("assignments/", include("assignments.urls", namespace="assignments-en")),
    path("assignments/", include("placements.urls", namespace="placements-en")),
    path("api/v1/", include("api.v1.urls")),
    path("netwerken/", include("api.workspace.urls")),
    path("admin/", admin.site.urls),
]
