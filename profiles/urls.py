from __future__ import annotations

from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    # /professionals/
    path("", views.index, name="list"),
    path("expertise/", views.expertise_autocomplete, name="expertise-autocomplete"),
    # /professionals/mijn-profiel/
    path("mijn-profiel/", views.edit, name="edit"),
    path("mijn-profiel/voorbeeld/", views.preview, name="preview"),
    path("mijn-profiel/wie-ziet-wat/", views.visibility, name="visibility"),
    path("mijn-profiel/ervaring/", views.experience_add, name="experience-add"),
    path("mijn-profiel/ervaring/<int:entry_id>/verwijderen/", views.experience_remove, name="experience-remove"),
    path("mijn-profiel/deellinks/", views.share_links, name="share-links"),
    path("mijn-profiel/deellinks/nieuw/", views.share_link_create, name="share-link-create"),
    path("mijn-profiel/deellinks/<int:link_id>/intrekken/", views.share_link_revoke, name="share-link-revoke"),
    path("mijn-profiel/kernkwadrant/", views.quadrant, name="quadrant"),
    path("mijn-profiel/zelfscan/", views.selfscan, name="selfscan"),
    path("mijn-profiel/mijn-gegevens/", views.data_export, name="export"),
    path("mijn-profiel/account-verwijderen/", views.account_delete, name="delete"),
    # /professionals/gedeeld/<token>/
    path("gedeeld/<str:token>/", views.shared, name="shared"),
    path("gedeeld/<str:token>/cv/", views.shared_cv, name="shared-cv"),
    path("gedeeld/<str:token>/foto/", views.shared_photo, name="shared-photo"),
    # /professionals/<code>/
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/cv/", views.cv, name="cv"),
    path("<uuid:code>/foto/", views.photo, name="photo"),
]
