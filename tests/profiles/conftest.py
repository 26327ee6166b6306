"""Fixtures for the profile tests: private media in a temporary folder, and a profile owner in a network."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def networked_owner(owner, network):
    """The owner persona, with an active membership of ``network``."""
    factories.MembershipFactory(user=owner, network=network)
    return owner


@pytest.fixture
def other_network_member(other_organisation):
    """A verified civil servant who is a member of a different network only."""
    other = factories.NetworkFactory(name="Over-loop", slug="over-loop")
    user = factories.employee(other_organisation, user__email="other-net@breda.nl")
    factories.MembershipFactory(user=user, network=other)
    return user


def login(client, user):
    client.force_login(user)
    return client
