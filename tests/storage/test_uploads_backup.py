"""`make backup` / `make restore` include the uploads in the S3 bucket (scripts/backup.sh, restore.sh)."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],  # noqa: S607
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_backup_holds_the_bucket_and_restores_into_an_empty_one(s3_server, tmp_path):
    source = s3_server.create_bucket(f"klusmarkt-{uuid.uuid4().hex[:12]}")
    files = {"cv/0a1b.pdf": b"%PDF-1.4 cv\n%%EOF\n", "photos/9f8e.jpg": b"\xff\xd8\xff jpeg"}
    for key, content in files.items():
        s3_server.client().put_object(Bucket=source, Key=key, Body=content)
    database = tmp_path / "live.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE t (x)")

    dump = tmp_path / "out" / "backup.sqlite3"
    backup = run("backup.sh", str(dump), env={"DATABASE_URL": f"sqlite:///{database}", **s3_server.env(source)})
    assert backup.returncode == 0, backup.stderr
    with tarfile.open(f"{dump}.media.tar.gz") as archive:
        assert sorted(archive.getnames()) == sorted(files)

    target = s3_server.create_bucket(f"klusmarkt-{uuid.uuid4().hex[:12]}")
    restore = run("restore.sh", str(dump), f"sqlite:///{tmp_path / 'restored.sqlite3'}", env=s3_server.env(target))
    assert restore.returncode == 0, restore.stderr
    assert s3_server.keys(target) == sorted(files)
    assert {key: s3_server.read(target, key) for key in files} == files

    again = run("restore.sh", str(dump), f"sqlite:///{tmp_path / 'again.sqlite3'}", env=s3_server.env(target))
    assert again.returncode == 4, "a bucket that holds files is never overwritten"


def test_the_import_refuses_a_member_that_climbs_out(s3_bucket, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/cron.d/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="Refusing"):
        call_command("uploads_archive", "import", str(archive))


def test_the_archive_round_trips_through_the_storage_api(s3_bucket, tmp_path):
    storage = storages["default"]
    name = storage.save("cv/round-trip.pdf", ContentFile(b"%PDF-1.4 x"))
    archive = tmp_path / "uploads.tar.gz"
    call_command("uploads_archive", "export", str(archive))
    storage.delete(name)
    call_command("uploads_archive", "import", str(archive))
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 x"
