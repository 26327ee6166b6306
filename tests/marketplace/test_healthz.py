from __future__ import annotations

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_it_is_healthy_with_a_database(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}


def test_it_is_unavailable_without_a_database(client, settings):
    settings.CELERY_BROKER_URL = ""

    with mock.patch("marketplace.views.connection.cursor", side_effect=Exception("db down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_it_is_unavailable_when_a_configured_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_it_leaks_no_versions_or_settings(client):
    response = client.get("/healthz")

    body = response.content.decode().lower()
    assert set(response.json()) == {"status", "database", "broker"}
    for secret in ("django", "postgres", "sqlite", "redis://", "version", "secret"):
        assert secret not in body
    assert response["Cache-Control"].startswith("max-age=0")
