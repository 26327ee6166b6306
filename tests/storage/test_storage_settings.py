"""The storage for uploads follows the environment: local by default, the S3 bucket when configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.s3server import S3Server

_S3_VARS = {"S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION", "S3_PREFIX"}


def load(**env: str) -> subprocess.CompletedProcess:
    code = "import json, marketplace.settings as s; print(json.dumps(s.STORAGES['default'], default=str))"
    clean = {k: v for k, v in os.environ.items() if k not in _S3_VARS and not k.endswith("_FILE")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_it_keeps_uploads_in_the_private_local_directory_by_default(tmp_path):
    result = load(MEDIA_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None},
    }


def test_it_builds_the_s3_storage_from_the_environment(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("from-a-file\n")
    server = S3Server(endpoint_url="http://minio:9000", process=None)
    env = server.env("klusmarkt-uploads") | {"S3_PREFIX": "/uploads/"}
    del env["S3_SECRET_ACCESS_KEY"]
    result = load(**env, S3_SECRET_ACCESS_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr
    expected = server.storage_settings("klusmarkt-uploads")
    expected["OPTIONS"] |= {"location": "uploads", "secret_key": "from-a-file"}
    assert json.loads(result.stdout) == expected


def test_it_refuses_an_endpoint_without_a_bucket():
    result = load(S3_ENDPOINT_URL="http://minio:9000")
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr
