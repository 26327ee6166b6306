"""What a newcomer sees in the terminal after `make run`, and that `make test` brings its browser."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from demo import networks as demo

BASE = Path(settings.BASE_DIR)


def test_it_keeps_eager_task_chatter_out_of_the_terminal():
    """Without a broker (make run) no "Task … succeeded" line per task and no broker hostname warning."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings", DEBUG="true", DATABASE_URL="sqlite:///:memory:")
    script = (
        "import django, logging; django.setup(); "
        "print(logging.getLogger('celery.app.trace').isEnabledFor(logging.INFO), "
        "logging.getLogger('kombu.connection').isEnabledFor(logging.WARNING))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.django_db
def test_it_prints_the_logins_last_with_a_command_that_works_as_printed(monkeypatch):
    monkeypatch.chdir(BASE)
    monkeypatch.setattr(sys, "executable", str(BASE / ".venv" / "bin" / "python"))
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    lines = out.getvalue().rstrip().splitlines()
    tail = "\n".join(lines[-20:])
    assert "Demo logins, password for all: klusmarkt-demo-2026" in tail
    assert all(account.email in tail for account in demo.ACCOUNTS)
    assert lines[-2].strip() == ".venv/bin/python manage.py demo_code"
    assert lines[-1].startswith("=====")


def test_the_printed_demo_code_command_runs_from_the_project_folder():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings", "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "demo_code"], cwd=BASE, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().isdigit() and len(result.stdout.strip()) == 6


def test_make_test_installs_debians_chromium_where_it_is_missing():
    """`make test` on a fresh machine: the browser tests need /usr/bin/chromium (as .ci/run installs it)."""
    dry_run = subprocess.run(
        [shutil.which("make") or "/usr/bin/make", "-n", "-W", "requirements-dev.txt", "test"],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    commands = dry_run.stdout
    assert "/usr/bin/chromium" in commands and "apt-get install" in commands and "chromium" in commands
    assert commands.index("apt-get install") < commands.index("bin/pytest")
    readme = (BASE / "README.md").read_text()
    assert "apt-get install" in readme and "chromium" in readme
