"""Helpers for the security tests: a controllable clock and a real (form) login."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


class Clock:
    """Moves Django's ``timezone.now`` and ``time.time`` together, relative to a fixed start."""

    def __init__(self) -> None:
        self.start = timezone.now()
        self.offset = dt.timedelta(0)

    @contextmanager
    def at(self, **delta: float) -> Iterator[None]:
        moment = self.start + dt.timedelta(**delta)
        with (
            mock.patch("django.utils.timezone.now", return_value=moment),
            mock.patch("time.time", return_value=moment.timestamp()),
        ):
            yield


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clean_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache; start and end each test without any."""
    cache.clear()
    yield
    cache.clear()


def login(client: Client, email: str, password: str = PASSWORD) -> None:
    """Log in through allauth's form, as a person would (force_login skips what we test)."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]


def is_logged_in(client: Client) -> bool:
    response = client.get("/meldingen/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


__all__ = ["PASSWORD", "Clock", "is_logged_in", "login", "time"]
