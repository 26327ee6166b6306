"""Public pages about security and privacy: security.txt (RFC 9116) and the privacy statement."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

SECURITY_TXT_DEFAULT_VALIDITY = dt.timedelta(days=180)


def security_txt_expires() -> dt.datetime:
    """The pinned SECURITY_TXT_EXPIRES, else 180 days from today (RFC 9116: under a year)."""
    if settings.SECURITY_TXT_EXPIRES:
        return dt.datetime.fromisoformat(settings.SECURITY_TXT_EXPIRES).astimezone(dt.UTC)
    today = timezone.now().astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + SECURITY_TXT_DEFAULT_VALIDITY


@login_not_required
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """Public: how to report a vulnerability (RFC 9116)."""
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {security_txt_expires().strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    if settings.SECURITY_TXT_POLICY:
        lines.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """Public: the privacy statement (AVG art. 13 and 14)."""
    ctx = {
        "controller": settings.PRIVACY_CONTROLLER,
        "privacy_contact": settings.PRIVACY_CONTACT,
        "dpo_contact": settings.PRIVACY_DPO_CONTACT,
        "security_contact": settings.SECURITY_CONTACT,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
    return render(request, "marketplace/privacy.html", ctx)
