"""Headers and transport under production settings (SECURITY-CHECKS D1-D5).

The production settings module is imported in a fresh interpreter (tests/security/prod_probe.py),
with the environment a deployment sets, because the settings read it at import time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prod():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest for this process only.
    skip = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    completed = subprocess.run(
        [sys.executable, "-m", "tests.security.prod_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout)


def _csp(headers: dict[str, str]) -> dict[str, list[str]]:
    directives = {}
    for part in headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_it_passes_check_deploy(prod):
    assert prod["check"]["ok"], prod["check"]["output"]
    assert "System check identified no issues" in prod["check"]["output"]


@pytest.mark.parametrize("page", ["home", "login_page", "not_found", "security_txt", "logged_in_page"])
def test_it_sends_hsts_for_a_year_with_subdomains(prod, page):
    assert prod[page]["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("page", ["home", "login_page", "not_found", "logged_in_page"])
def test_it_sends_a_strict_csp(prod, page):
    csp = _csp(prod[page]["headers"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    everything = " ".join(value for values in csp.values() for value in values)
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert unsafe not in everything.split()
    assert "data:" not in csp["script-src"] + csp["default-src"] + csp["object-src"]


@pytest.mark.parametrize("page", ["home", "login_page", "not_found", "logged_in_page"])
def test_it_sends_the_other_security_headers(prod, page):
    headers = prod[page]["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert headers["Content-Type"].endswith("charset=utf-8")
    assert "Server" not in headers


def test_it_keeps_personal_pages_out_of_caches(prod):
    assert "no-store" in prod["logged_in_page"]["headers"]["Cache-Control"]
    assert "private" in prod["logged_in_page"]["headers"]["Cache-Control"]


def test_it_redirects_plain_http_to_https_on_the_same_host(prod):
    assert prod["plain_http"]["status"] == 301
    assert prod["plain_http"]["headers"]["Location"] == "https://klusmarkt.example/klussen/?q=x"


@pytest.mark.parametrize("name", ["sessionid", "csrftoken", "messages"])
def test_it_sets_secure_httponly_samesite_cookies(prod, name):
    assert prod["login"]["status"] == 302
    cookie = SimpleCookie(prod["login"]["cookies"][name])[name]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_it_uses_production_values_for_the_rest(prod):
    assert prod["settings"]["debug"] is False
    assert prod["settings"]["email_timeout"] == 10
    assert prod["settings"]["mfa_totp_bypass"] is None
    assert prod["settings"]["webauthn_insecure_origin"] is False
    assert prod["settings"]["celery_acks_late"] is True
    assert prod["settings"]["celery_reject_on_worker_lost"] is True
    if os.environ.get("REDIS_URL"):
        # A shared cache, so rate limits hold across workers.
        assert prod["settings"]["cache_backend"] == "django.core.cache.backends.redis.RedisCache"


# security.txt (RFC 9116), in production settings and in-process --------------------------------


def _fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_it_publishes_security_txt(prod):
    response = prod["security_txt"]
    assert response["status"] == 200
    assert response["headers"]["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response["body"])
    assert fields["Contact"] == "mailto:security@voorbeeld.nl"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://klusmarkt.voorbeeld.nl/.well-known/security.txt"
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert timezone.now() + dt.timedelta(days=30) < expires < timezone.now() + dt.timedelta(days=365)


@pytest.mark.django_db
def test_it_takes_the_security_contact_and_expiry_from_settings(client, settings):
    settings.SECURITY_CONTACT = "https://example.org/report"
    settings.SECURITY_TXT_EXPIRES = "2027-03-01T00:00:00+00:00"
    fields = _fields(client.get("/.well-known/security.txt").content.decode())
    assert fields["Contact"] == "https://example.org/report"
    assert fields["Expires"] == "2027-03-01T00:00:00Z"


@pytest.mark.django_db
def test_it_shows_the_privacy_statement_to_anyone(client, settings):
    settings.PRIVACY_CONTROLLER = "Gemeente Voorbeeld"
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert b"Gemeente Voorbeeld" in response.content
    assert b"Autoriteit Persoonsgegevens" in response.content


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("redis://127.0.0.1:6379/3", "django.core.cache.backends.redis.RedisCache"),
        ("", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_it_shares_the_cache_between_workers_when_redis_is_configured(redis_url, backend):
    # Rate limits count in the cache: per-process local memory would multiply them by the workers.
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    code = "from marketplace import settings; print(settings.CACHES['default']['BACKEND'])"
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "REDIS_URL": redis_url}, capture_output=True, text=True
    )
    assert completed.stdout.strip() == backend, completed.stderr
