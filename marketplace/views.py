from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from marketplace.celery import app
from marketplace.services import notification_mark_read


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Public: what Klusmarkt is and for whom."""
    return render(request, "marketplace/home.html", {})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """Public: the accessibility statement (toegankelijkheidsverklaring): what was tested and how."""
    contact = getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "toegankelijkheid@klusmarkt.example")
    return render(request, "marketplace/accessibility.html", {"contact_email": contact})


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


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """Login: the person's own notifications, newest first."""
    page = Paginator(request.user.notifications.all(), 25).get_page(request.GET.get("page"))
    return render(request, "marketplace/notifications.html", {"page": page})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Login: mark one (``code``) or all of the person's own notifications as read."""
    code = request.POST.get("code")
    target = None
    if code:
        target = get_object_or_404(request.user.notifications.all(), code=code)
    notification_mark_read(recipient=request.user, notification=target)
    if target is not None and target.url.startswith("/"):
        return redirect(target.url)
    return redirect("notifications")
