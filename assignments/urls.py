from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from assignments import views
from assignments.feeds import AssignmentFeed, NetworkAssignmentFeed

app_name = "assignments"

urlpatterns = [
    # /klussen/
    path("", views.index, name="list"),
    path("nieuw/", views.create, name="create"),
    path("mijn/", views.mine, name="mine"),
    path("moderatie/", views.moderation, name="moderation"),
    path("feed/", login_not_required(AssignmentFeed()), name="feed"),
    path("feed/<slug:slug>/", login_not_required(NetworkAssignmentFeed()), name="network-feed"),
    # /klussen/<code>/
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/bewerken/", views.edit, name="edit"),
    path("<uuid:code>/publiceren/", views.publish, name="publish"),
    path("<uuid:code>/kopieren/", views.duplicate, name="duplicate"),
    path("<uuid:code>/sluiten/", views.close, name="close"),
    path("<uuid:code>/annuleren/", views.cancel, name="cancel"),
    path("<uuid:code>/goedkeuren/", views.approve, name="approve"),
    path("<uuid:code>/terugsturen/", views.send_back, name="send-back"),
]
