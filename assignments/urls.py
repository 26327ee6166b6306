from __future__ import annotations

from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="list"),
]
