"""The migration to hashed share-link tokens keeps every existing link working, and stores none."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("profiles", "0010_constraint_messages")
AFTER = ("profiles", "0011_share_link_token_hash")


def test_it_hashes_the_tokens_of_existing_links():
    old = migrate_to(BEFORE)
    user = old.get_model("marketplace", "User").objects.create(email="sanne@tilburg.nl", is_active=True)
    profile = old.get_model("profiles", "Profile").objects.create(user=user, display_name="Sanne", visibility=0)
    token = "an-existing-token-0123456789-abcdefghijklmnopqrstuvwxyz"
    old.get_model("profiles", "ShareLink").objects.create(
        profile=profile, token=token, label="Pieter", expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    new = migrate_to(AFTER)
    migrated = new.get_model("profiles", "ShareLink").objects.get()
    assert migrated.token_hash != token
    migrate_to_latest()
    assert Client().get(f"/professionals/gedeeld/{token}/").status_code == 200
    assert Client().get(f"/professionals/gedeeld/{migrated.token_hash}/").status_code == 404
