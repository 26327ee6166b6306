"""The Dockerfile, .dockerignore and docker-compose.yml, checked statically (no Docker here):
what would otherwise only fail in a build or on a cluster fails here first."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCES = "".join(
    path.read_text()
    for path in [
        ROOT / "marketplace" / "settings.py",
        *sorted((ROOT / "marketplace" / "conf").glob("*.py")),  # the settings' sections
        ROOT / "gunicorn.conf.py",
    ]
)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    pairs = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(DOCKERFILE):
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, rest))
    return result


def base_image() -> str:
    args = dict(rest.split("=", 1) for keyword, rest in instructions(DOCKERFILE) if keyword == "ARG" and "=" in rest)
    image = stages()[-1][0][1].split()[0]
    return re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)


def test_the_image_is_built_in_stages_on_a_pinned_slim_python():
    assert len(stages()) >= 2
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base_image()), base_image()


def test_the_final_image_has_no_build_tools_and_runs_unprivileged():
    final = stages()[-1]
    text = " ".join(rest for _keyword, rest in final)
    for tool in ("build-essential", "gcc", "libpq-dev", "pip install"):
        assert tool not in text
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users, "the final stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "a numeric non-root user, so Kubernetes can check runAsNonRoot"
    last_user = max(i for i, (keyword, _rest) in enumerate(final) if keyword == "USER")
    assert all(keyword != "RUN" for keyword, _rest in final[last_user:])


def test_static_files_are_collected_at_build_time():
    assert any("collectstatic" in rest for keyword, rest in instructions(DOCKERFILE) if keyword == "RUN")


def test_the_healthcheck_probes_liveness_and_gunicorn_reads_its_config():
    final = dict(stages()[-1])
    path = re.search(r"http://127\.0\.0\.1:8000(/\w+)", final["HEALTHCHECK"]).group(1)
    assert path == "/livez"
    assert resolve(path).url_name == "livez"
    assert "gunicorn.conf.py" in final["CMD"]
    assert (ROOT / "gunicorn.conf.py").exists()


def dockerignored(path: str) -> bool:
    ignored = False
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").removeprefix("**/")
        parts = Path(path).parts
        if any(fnmatch.fnmatch("/".join(parts[: i + 1]), pattern) for i in range(len(parts))) or fnmatch.fnmatch(
            parts[-1], pattern
        ):
            ignored = not negate
    return ignored


@pytest.mark.parametrize("path", [".git/config", "tests/conftest.py", "bench/run.py", ".venv/bin/python", ".env"])
def test_the_build_context_leaves_out(path):
    assert dockerignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "requirements.txt",
        "gunicorn.conf.py",
        "manage.py",
        "marketplace/settings.py",
        "profiles/models/profiles.py",
        "templates/base.html",
        "static/css/klusmarkt.css",
        "locale/nl/LC_MESSAGES/django.mo",
        "scripts/backup.sh",
    ],
)
def test_the_build_context_keeps_what_the_image_runs(path):
    assert not dockerignored(path)


def test_every_copied_source_exists_and_is_in_the_context():
    for keyword, rest in instructions(DOCKERFILE):
        if keyword == "COPY" and not rest.startswith("--from"):
            source = rest.split()[0]
            if source != ".":
                assert (ROOT / source).exists()
                assert not dockerignored(source)


APP_SERVICES = ("migrate", "web", "worker", "beat")


def test_compose_runs_one_image_for_web_worker_beat_and_migrations():
    services = COMPOSE["services"]
    images = {(services[name]["image"], services[name]["build"]) for name in APP_SERVICES}
    assert images == {("klusmarkt:local", ".")}
    for name in APP_SERVICES:
        service = services[name]
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "/tmp" in service["tmpfs"]  # noqa: S108


def test_compose_migrates_before_the_app_starts():
    services = COMPOSE["services"]
    assert "ensure_bucket" in services["migrate"]["command"]
    assert "migrate --noinput" in services["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_uses_the_same_probes_as_the_image_and_kubernetes():
    services = COMPOSE["services"]
    assert "healthcheck" not in services["web"], "web keeps the image's HEALTHCHECK (/livez)"
    assert "command" not in services["web"], "web keeps the image's CMD (gunicorn.conf.py)"
    assert "marketplace.celery_probe" in " ".join(services["worker"]["healthcheck"]["test"])
    assert "marketplace.celery.LockedScheduler" in services["beat"]["command"]


def test_compose_settings_are_read_by_the_application():
    environment = COMPOSE["services"]["web"]["environment"]
    for name in environment:
        assert f'"{name}"' in SETTINGS_SOURCES or f"'{name}'" in SETTINGS_SOURCES, f"{name} is read nowhere"


def test_compose_stores_uploads_in_its_own_s3_server():
    services = COMPOSE["services"]
    env = services["web"]["environment"]
    endpoint = re.fullmatch(r"http://(\w+):(\d+)", env["S3_ENDPOINT_URL"])
    s3 = services[endpoint.group(1)]
    assert "server /data" in s3["command"]
    assert endpoint.group(2) == "9000"
    assert env["S3_ACCESS_KEY_ID"] == s3["environment"]["MINIO_ROOT_USER"]
    assert env["S3_SECRET_ACCESS_KEY"] == s3["environment"]["MINIO_ROOT_PASSWORD"]
    assert env["S3_BUCKET"]
    assert services["web"]["depends_on"][endpoint.group(1)] == {"condition": "service_healthy"}
    assert "MEDIA_ROOT" not in env
