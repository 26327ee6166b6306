"""Backups restore (SECURITY-CHECKS G2; issue 9 item 8): scripts/backup.sh and scripts/restore.sh."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from marketplace.models import Notification, User
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
BACKUP = str(ROOT / "scripts" / "backup.sh")
RESTORE = str(ROOT / "scripts" / "restore.sh")


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", *args],  # noqa: S607
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _server_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _snapshot(cursor) -> tuple:
    cursor.execute("SELECT email, full_name, language FROM marketplace_user ORDER BY email")
    users = cursor.fetchall()
    cursor.execute("SELECT subject, body, email_status FROM marketplace_notification ORDER BY subject")
    return users, cursor.fetchall()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_postgres_dump_into_a_fresh_database(tmp_path):
    for n in range(5):
        user = factories.UserFactory(email=f"backup{n}@example.com", full_name=f"Backup Person {n} – é")
        Notification.objects.create(recipient=user, kind="probe", subject=f"Subject {n}", body="Body ✓")
    with connection.cursor() as cursor:
        before = _snapshot(cursor)
    assert len(before[0]) == User.objects.count() >= 5

    dump = tmp_path / "klusmarkt.dump"
    backup = _run(BACKUP, str(dump), env={"DATABASE_URL": _server_url(connection.settings_dict["NAME"])})
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0

    target = f"kl_security_restore_{uuid.uuid4().hex[:8]}"
    try:
        restore = _run(RESTORE, str(dump), _server_url(target), env={})
        assert restore.returncode == 0, restore.stderr
        with psycopg.connect(_server_url(target)) as restored, restored.cursor() as cursor:
            assert _snapshot(cursor) == before
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 0

        # A second restore into the same (now existing) database is refused, not merged.
        again = _run(RESTORE, str(dump), _server_url(target), env={})
        assert again.returncode == 3
        assert "already exists" in again.stderr
    finally:
        with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_it_backs_up_and_restores_sqlite_and_uploads(tmp_path):
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE person (email TEXT)")
        db.executemany("INSERT INTO person VALUES (?)", [(f"p{n}@example.com",) for n in range(20)])
    media = tmp_path / "media"
    (media / "cv").mkdir(parents=True)
    (media / "cv" / "a.pdf").write_bytes(b"%PDF-1.4 cv")

    dump = tmp_path / "out" / "backup.sqlite3"
    backup = _run(BACKUP, str(dump), env={"DATABASE_URL": f"sqlite:///{source}", "MEDIA_ROOT": str(media)})
    assert backup.returncode == 0, backup.stderr

    restored_media = tmp_path / "restored-media"
    target = tmp_path / "restored.sqlite3"
    restore = _run(RESTORE, str(dump), f"sqlite:///{target}", env={"MEDIA_ROOT": str(restored_media)})
    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM person").fetchone() == (20,)
    assert (restored_media / "cv" / "a.pdf").read_bytes() == b"%PDF-1.4 cv"

    refused = _run(RESTORE, str(dump), f"sqlite:///{target}", env={})
    assert refused.returncode == 3


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["fsync", "full_page_writes", "synchronous_commit"])
def test_it_runs_on_a_postgres_that_keeps_acknowledged_commits(name):
    # docs/security.md: these must be on in production; data_checksums is recommended as well
    # (initdb --data-checksums; PostgreSQL 18 turns it on by default) but is fixed at initdb.
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        assert cursor.fetchone()[0] == "on"
