"""Probes for orchestrators and load balancers: liveness (``/livez``) and readiness (``/healthz``).

Liveness says only that the process answers: it touches no database or broker, so a database blip
makes pods unready (taken out of the load balancer) rather than restarted all at once. Readiness
says the instance can serve: the database answers, and the broker when one is configured.

``ProbeMiddleware`` answers both before the rest of the stack, so a kubelet or Docker probe that
connects by IP over plain HTTP is not refused by ALLOWED_HOSTS or redirected to HTTPS, and it
costs no session, no authentication and no template.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.celery import app


@login_not_required
@never_cache
@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """Public: 200 while the process can answer a request; no database, no broker."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Public: 200 when the database (and the broker, when configured) answer; 503 otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(value is not False for value in checks.values())
    body = {
        name: ("ok" if value else ("not configured" if value is None else "down")) for name, value in checks.items()
    }
    return JsonResponse({"status": "ok" if healthy else "unavailable", **body}, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means unhealthy.
        return False


def _broker_ok() -> bool | None:
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means unhealthy.
        return False


class ProbeMiddleware:
    """Answer ``GET /livez`` and ``GET /healthz`` first, before host validation and the HTTPS redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.probes = {"/livez": livez, "/healthz": healthz}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
