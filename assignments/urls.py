from __future__ import annotations

from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="list"),
]

from assignments.urls_workflow import workflow_urlpatterns  # noqa: E402  (the placement workflow)

urlpatterns += workflow_urlpatterns
