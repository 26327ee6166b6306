"""Settings come from the environment, and malformed values are refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from marketplace.lib.env import env_bool, env_int, env_list, env_secret


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("FLAG", "true")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


@pytest.mark.parametrize("raw", ["ja", "2", "maybe"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_env_list_refuses_empty_items(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured):
        env_list("HOSTS")
    monkeypatch.setenv("HOSTS", "a.example, b.example")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_secret("TOKEN") == "s3cr3t"


def load_settings(**env: str) -> dict:
    code = (
        "import json, marketplace.settings as s; print(json.dumps({"
        "'db': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
        "'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, 'hosts': s.ALLOWED_HOSTS, "
        "'csrf': s.CSRF_TRUSTED_ORIGINS, 'debug': s.DEBUG, 'fallbacks': s.SECRET_KEY_FALLBACKS}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_fresh_clone_needs_no_services():
    loaded = load_settings()

    assert loaded["db"] == "django.db.backends.sqlite3"
    assert loaded["eager"] is True
    assert loaded["email"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["debug"] is False


def test_production_values_switch_to_postgres_redis_and_smtp():
    loaded = load_settings(
        DATABASE_URL="postgres://u:p@db:5432/klusmarkt",
        REDIS_URL="redis://redis:6379/0",
        EMAIL_HOST="smtp.example.nl",
        ALLOWED_HOSTS="klusmarkt.example",
        CSRF_TRUSTED_ORIGINS="https://klusmarkt.example",
    )

    assert loaded["db"] == "django.db.backends.postgresql"
    assert loaded["broker"] == "redis://redis:6379/0"
    assert loaded["eager"] is False
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["hosts"] == ["klusmarkt.example"]
    assert loaded["csrf"] == ["https://klusmarkt.example"]


def test_a_malformed_value_stops_start_up():
    result = subprocess.run(
        [sys.executable, "-c", "import marketplace.settings"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings", "DEBUG": "jawel"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_database_and_redis_urls_may_come_from_files(tmp_path):
    """Their passwords are secrets: Kubernetes mounts them as files (the NAME_FILE convention)."""
    database, cache = tmp_path / "database-url", tmp_path / "redis-url"
    database.write_text("postgres://u:p@db:5432/klusmarkt\n")
    cache.write_text("redis://:secret@redis:6379/0\n")

    loaded = load_settings(DATABASE_URL_FILE=str(database), REDIS_URL_FILE=str(cache))

    assert loaded["db"] == "django.db.backends.postgresql"
    assert loaded["broker"] == "redis://:secret@redis:6379/0"
    assert loaded["eager"] is False


def test_earlier_secret_keys_come_from_the_environment_or_a_file(tmp_path):
    """After rotating SECRET_KEY, sessions and signed references made with the old key stay valid."""
    assert load_settings()["fallbacks"] == []
    assert load_settings(SECRET_KEY_FALLBACKS="oud-1 oud-2")["fallbacks"] == ["oud-1", "oud-2"]
    keys = tmp_path / "fallbacks"
    keys.write_text("oud-1\noud-2\n")
    assert load_settings(SECRET_KEY_FALLBACKS_FILE=str(keys))["fallbacks"] == ["oud-1", "oud-2"]
