"""/api/v1/: resources in Dutch plural nouns, no trailing slashes (NL GOV API Design Rules)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api.v1 import views

app_name = "api"


def _machine(view_class: Any) -> Any:
    # Keys, not sessions: the site's login requirement does not apply, the API's own auth does.
    return login_not_required(view_class.as_view())


urlpatterns = [
    path("openapi.json", _machine(views.OpenApiDocument), name="openapi"),
    # /api/v1/klussen
    path("klussen", _machine(views.KlusList), name="klussen"),
    path("klussen/<uuid:code>", _machine(views.KlusDetail), name="klus"),
    # /api/v1/netwerken
    path("netwerken", _machine(views.NetwerkList), name="netwerken"),
    path("netwerken/<slug:slug>", _machine(views.NetwerkDetail), name="netwerk"),
    # /api/v1/organisaties
    path("organisaties", _machine(views.OrganisatieList), name="organisaties"),
    path("organisaties/<slug:slug>", _machine(views.OrganisatieDetail), name="organisatie"),
    # /api/v1/gedeelde-klussen (federation keys: another Klusmarkt delivers here)
    path("gedeelde-klussen", _machine(views.GedeeldeKlusList), name="gedeelde-klussen"),
    path("gedeelde-klussen/<uuid:code>", _machine(views.GedeeldeKlusDetail), name="gedeelde-klus"),
]
