"""The migration to hashed share-link tokens keeps every existing link working, and stores none."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("profiles", "0010_constraint_messages")
AFTER = ("profiles", "0011_share_link_token_hash")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def test_it_hashes_the_tokens_of_existing_links():
    old = _migrate(BEFORE)
    user = old.get_model("marketplace", "User").objects.create(email="sanne@tilburg.nl", is_active=True)
    profile = old.get_model("profiles", "Profile").objects.create(user=user, display_name="Sanne", visibility=0)
    token = "an-existing-token-0123456789-abcdefghijklmnopqrstuvwxyz"
    old.get_model("profiles", "ShareLink").objects.create(
        profile=profile, token=token, label="Pieter", expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    new = _migrate(AFTER)
    migrated = new.get_model("profiles", "ShareLink").objects.get()
    assert migrated.token_hash != token
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Client().get(f"/professionals/gedeeld/{token}/").status_code == 200
    assert Client().get(f"/professionals/gedeeld/{migrated.token_hash}/").status_code == 404
