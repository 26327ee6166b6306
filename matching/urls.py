"""URLs of matching: recommendations, suitable professionals, invitations and saved searches."""

from __future__ import annotations

from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    # /mijn/
    path("mijn/aanbevolen/", views.recommended, name="recommended"),
    path("mijn/aanbevolen/<uuid:code>/niet-interessant/", views.not_interested, name="not-interested"),
    path("mijn/zoekopdrachten/", views.saved_searches, name="saved-searches"),
    path("mijn/zoekopdrachten/<uuid:code>/verwijderen/", views.saved_search_delete, name="saved-search-delete"),
    # /klussen/<code>/geschikt/
    path("klussen/<uuid:code>/geschikt/", views.suitable, name="suitable"),
    path("klussen/<uuid:code>/geschikt/<uuid:profile_code>/uitnodigen/", views.invite, name="invite"),
]
