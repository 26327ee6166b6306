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

    with mock.patch("marketplace.probes.connection.cursor", side_effect=Exception("db down")):
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


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries):
    with (
        mock.patch("marketplace.probes.connection.cursor", side_effect=Exception("db down")),
        django_assert_num_queries(0),
    ):
        response = client.get("/livez")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readiness_is_down_while_liveness_stays_up(client, settings):
    settings.CELERY_BROKER_URL = ""
    with mock.patch("marketplace.probes.connection.cursor", side_effect=Exception("db down")):
        assert client.get("/healthz").status_code == 503
        assert client.get("/livez").status_code == 200


@pytest.mark.parametrize("path", ["/livez", "/healthz"])
def test_probes_answer_a_kubelet_by_ip_over_plain_http(client, settings, path):
    """A kubelet or Docker probe connects by pod IP without TLS: no 400 for the host, no HTTPS redirect."""
    settings.ALLOWED_HOSTS = ["klusmarkt.example.nl"]
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""

    assert client.get(path, HTTP_HOST="10.42.0.17:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.42.0.17:8000").status_code == 400


def test_probes_answer_only_get(client):
    assert client.post("/livez").status_code == 405
