"""API personas: a key of ``network`` (the cast of tests/conftest.py), a revoked one, another network's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.models import ApiClient
from api.services import api_client_issue, api_client_revoke
from tests import factories


def issue_key(network, actor, scope=ApiClient.Scope.READ, peer_url="", days=30, name="Vacaturesite"):
    _client, key = api_client_issue(
        network=network,
        name=name,
        scope=scope,
        peer_url=peer_url,
        expires_at=timezone.now() + dt.timedelta(days=days),
        actor=actor,
    )
    return key


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_key(network, coordinator):
    """A read key of ``network``."""
    return issue_key(network, coordinator)


@pytest.fixture
def revoked_key(network, coordinator):
    key = issue_key(network, coordinator, name="Oud")
    api_client_revoke(client=ApiClient.objects.get(name="Oud"), actor=coordinator)
    return key


@pytest.fixture
def other_network_key():
    """A key of a network that has nothing to do with ``network``."""
    other = factories.NetworkFactory(name="Over-loop", slug="over-loop")
    coordinator = factories.employee(factories.OrganisationFactory(slug="rijk-test", domain="rijk-test.nl"))
    return issue_key(other, coordinator, name="Over-loop site")
