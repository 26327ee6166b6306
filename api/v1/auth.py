"""Machine authentication: ``Authorization: Bearer <key>``, a key issued to one network."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from api.models import ApiClient, key_hash
from networks.selectors import NetworkPrincipal

LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiKeyAuthentication(BaseAuthentication):
    """An unknown, revoked and expired key all answer the same 401: a key's state is not told."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[NetworkPrincipal, ApiClient] | None:
        parts = get_authorization_header(request).split()
        if not parts:
            return None
        if parts[0].decode(errors="replace").lower() != self.keyword.lower() or len(parts) != 2:
            raise exceptions.AuthenticationFailed("Use the header: Authorization: Bearer <key>.")
        key = parts[1].decode(errors="replace")
        client = ApiClient.objects.usable().select_related("network").filter(key_hash=key_hash(key)).first()
        if client is None:
            raise exceptions.AuthenticationFailed("The key is unknown, revoked or expired.")
        now = timezone.now()
        if client.last_used_at is None or client.last_used_at < now - LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return NetworkPrincipal(client.network), client

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class HasReadScope(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient) and request.auth.has_scope(ApiClient.Scope.READ)


class HasFederationScope(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient) and request.auth.has_scope(ApiClient.Scope.FEDERATION)


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Requests per key (setting ``REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['client']``)."""

    scope = "client"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiClient):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.code}
        return None


class AnonymousRateThrottle(throttling.AnonRateThrottle):
    """Requests without a key (the OpenAPI document, refused calls) per address."""

    scope = "anonymous"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the key (drf-spectacular finds it by subclassing)."""

    target_class = "api.v1.auth.ApiKeyAuthentication"
    name = "sleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een sleutel van een netwerk, uitgegeven door een coördinator (docs/api.md).",
        }
