"""`manage.py ensure_bucket` creates the uploads bucket once, private, against a real S3 server."""

from __future__ import annotations

import uuid
from io import StringIO

from django.core.management import call_command


def test_it_creates_a_missing_bucket_once_and_blocks_public_access(s3_server, settings):
    bucket = f"klusmarkt-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings(bucket)}
    out = StringIO()
    call_command("ensure_bucket", stdout=out)
    call_command("ensure_bucket", stdout=out)
    assert f"Created bucket {bucket}." in out.getvalue()
    assert f"Bucket {bucket} exists." in out.getvalue()
    block = s3_server.client().get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_it_does_nothing_with_local_storage(settings):
    out = StringIO()
    call_command("ensure_bucket", stdout=out)
    assert "stored locally" in out.getvalue()
