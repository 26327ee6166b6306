"""Platform staff can look at keys and links; they are issued, revoked and ended by coordinators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from api.models import ApiClient, FederationLink


class ReadOnlyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin):
    list_display = ["name", "network", "scope", "key_hint", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["name", "network__name", "key_hint"]
    exclude = ["key_hash"]


@admin.register(FederationLink)
class FederationLinkAdmin(ReadOnlyAdmin):
    list_display = ["network", "peer_network_name", "peer_url", "status", "last_synced_at", "last_error"]
    list_filter = ["status"]
    exclude = ["peer_key_encrypted"]
