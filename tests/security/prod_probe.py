"""Run under tests.security.prod_settings: `check --deploy`, then real responses, as JSON on stdout."""

from __future__ import annotations

import io
import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.security.prod_settings"

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

PASSWORD = "a-long-probe-passphrase"


def _response(client: Client, path: str, secure: bool = True) -> dict:
    response = client.get(path, secure=secure, HTTP_HOST="klusmarkt.example")
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {name: morsel.OutputString() for name, morsel in response.cookies.items()},
        "body": response.content.decode(errors="replace")[:4000],
    }


def main() -> None:
    out = io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="DEBUG", stdout=out, stderr=out)
        check = {"ok": True, "output": out.getvalue()}
    except Exception as exc:  # noqa: BLE001 - report any failure to the test.
        check = {"ok": False, "output": out.getvalue() + str(exc)}
    client = Client()
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("probe@klusmarkt.example", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    anonymous = {
        "login_page": _response(client, "/accounts/login/"),
        "home": _response(client, "/"),
        "home_again": _response(client, "/"),
        "not_found": _response(client, "/does-not-exist/"),
        "plain_http": _response(client, "/klussen/?q=x", secure=False),
        "security_txt": _response(client, "/.well-known/security.txt"),
    }
    login = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        secure=True,
        HTTP_HOST="klusmarkt.example",
    )
    result = {
        "check": check,
        "settings": {
            "cache_backend": settings.CACHES["default"]["BACKEND"],
            "debug": settings.DEBUG,
            "email_timeout": settings.EMAIL_TIMEOUT,
            "mfa_totp_bypass": getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None),
            "webauthn_insecure_origin": getattr(settings, "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False),
            "celery_acks_late": settings.CELERY_TASK_ACKS_LATE,
            "celery_reject_on_worker_lost": settings.CELERY_TASK_REJECT_ON_WORKER_LOST,
            "celery_visibility_timeout": settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout"),
        },
        **anonymous,
        "login": {
            "status": login.status_code,
            "cookies": {name: morsel.OutputString() for name, morsel in login.cookies.items()},
        },
        "logged_in_page": _response(client, "/meldingen/"),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
