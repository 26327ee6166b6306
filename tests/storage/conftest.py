"""Uploads against a real S3-compatible server (moto in server mode), one fresh bucket per test."""

from __future__ import annotations

import uuid

import pytest

from tests.s3server import running_s3_server


@pytest.fixture(scope="session")
def s3_server():
    with running_s3_server() as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A new private bucket, and the project's default storage pointed at it."""
    bucket = s3_server.create_bucket(f"klusmarkt-{uuid.uuid4().hex[:12]}")
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings(bucket)}
    return bucket
