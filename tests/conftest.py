"""The cast, after healthchecks' alice, bob and charlie, widened for networks.

- ``organisation`` / ``other_organisation``: two municipalities.
- ``network``: a network in which ``organisation`` participates; ``coordinator`` coordinates it.
- ``owner``: an employee of ``organisation`` (posts assignments, owns a profile).
- ``member``: an employee of ``other_organisation`` with an active membership of ``network``.
- ``outsider``: a verified employee of ``other_organisation`` in no network.
- ``visitor``: a logged-in account without a government address.
"""

from __future__ import annotations

import pytest

from networks.models import Membership
from tests import factories


@pytest.fixture(autouse=True)
def _no_kept_estimates(monkeypatch):
    """Each test plans its own search terms: an estimate kept from another test's data would choose its path."""
    from marketplace.lib import search

    monkeypatch.setattr(search, "_estimates", {})


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")


@pytest.fixture
def other_organisation():
    return factories.OrganisationFactory(name="Gemeente Breda", slug="gemeente-breda", domain="breda.nl")


@pytest.fixture
def network(organisation):
    network = factories.NetworkFactory(name="ZPP Brabant", slug="zpp-brabant")
    factories.ParticipationFactory(network=network, organisation=organisation)
    return network


@pytest.fixture
def owner(organisation):
    return factories.employee(organisation, user__email="owner@tilburg.nl")


@pytest.fixture
def member(other_organisation, network):
    user = factories.employee(other_organisation, user__email="member@breda.nl")
    factories.MembershipFactory(user=user, network=network)
    return user


@pytest.fixture
def coordinator(organisation, network):
    user = factories.employee(organisation, user__email="coordinator@tilburg.nl")
    factories.MembershipFactory(user=user, network=network, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def outsider(other_organisation):
    return factories.employee(other_organisation, user__email="outsider@breda.nl")


@pytest.fixture
def visitor():
    return factories.UserFactory(email="visitor@example.com")


@pytest.fixture
def celery_worker_redis(transactional_db):
    """A real Celery worker thread consuming from Redis (skipped when no broker is configured).

    The worker shares this process, so locmem emails land in ``django.core.mail.outbox``; it
    needs a database other threads can reach, hence PostgreSQL.
    """
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings
    from django.db import connection

    from marketplace.celery import app

    if not settings.CELERY_BROKER_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL")
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True
