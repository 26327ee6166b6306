"""Several instances on one machine (`make scale-check`): two gunicorn instances (A and B) and two
Celery workers against one PostgreSQL, one Redis and one S3-compatible server (moto), and two beats.

Runs only where PostgreSQL and Redis are configured (DATABASE_URL, REDIS_URL); every process is a
real subprocess with the production settings module, so nothing is shared through this process.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from marketplace.celery_probe import is_alive
from profiles.models import Profile
from tests import factories
from tests.matching import factories as mf
from tests.profiles.factories import PDF
from tests.s3server import free_port, running_s3_server
from tests.scale.backends import PROBE_QUEUE, sent

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
PASSWORD = "scale-check-correct-horse"
# One public host name for both instances, as behind a load balancer: allauth keys the login
# rate limit by the site's domain, which without django.contrib.sites is the request's Host.
HOST = "klusmarkt.scale.test"
CELERY = ["-m", "celery"]
WORKER_FLAGS = ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
BEAT_FLAGS = ["--loglevel=INFO", "--scheduler", "marketplace.celery.LockedScheduler"]
pytestmark = [
    pytest.mark.scale,
    pytest.mark.skipif(
        not REDIS_URL or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
    pytest.mark.usefixtures("transactional_db"),
]


def wait_for(condition: Callable[[], object], timeout: float = 60, what: str = "a condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Cluster:
    def __init__(self, tmp: Path, s3, bucket: str) -> None:
        self.tmp, self.s3, self.bucket = tmp, s3, bucket
        self.processes: dict[str, subprocess.Popen] = {}
        self.media = tmp / "media"
        self.mail = tmp / "mail"
        self.media.mkdir()
        self.mail.mkdir()
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        self.database_url = (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "S3_", "EMAIL_"))},
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            **s3.env(bucket),
            "SECRET_KEY": "scale-check-" + uuid.uuid4().hex * 2,
            "DEBUG": "false",
            "ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "MFA_ENFORCE": "false",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(tmp / "static"),
            "EMAIL_BACKEND": "tests.scale.backends.JsonLinesEmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "BEAT_LOCK_TTL": "3",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "4",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
            "LOG_LEVEL": "WARNING",
        }
        self.urls: dict[str, str] = {}

    def start(self, name: str, args: list[str], **env: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text()

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Cluster]:
    redis.Redis.from_url(REDIS_URL).flushdb()
    with django_db_blocker.unblock(), running_s3_server() as s3:
        bucket = s3.create_bucket(f"klusmarkt-scale-{uuid.uuid4().hex[:8]}")
        made = Cluster(tmp_path_factory.mktemp("scale"), s3, bucket)
        try:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=made.env,
                check=True,
                timeout=120,
            )
            used = (int(s3.endpoint_url.rsplit(":", 1)[1]),)
            for name in ("a", "b"):
                port = free_port(exclude=used)
                used += (port,)
                made.urls[name] = f"http://127.0.0.1:{port}"
                made.start(
                    f"web-{name}",
                    ["-m", "gunicorn", "-c", "gunicorn.conf.py", "marketplace.wsgi:application"],
                    GUNICORN_BIND=f"127.0.0.1:{port}",
                )
            for n in (1, 2):
                made.start(
                    f"worker-{n}",
                    [*CELERY, "-A", "marketplace", "worker", "--pool=solo", f"--hostname=scale{n}@%h", *WORKER_FLAGS],
                    CELERY_HEARTBEAT_FILE=str(made.tmp / f"worker-{n}.alive"),
                )
            for name, url in made.urls.items():
                try:
                    wait_for(lambda url=url: _get_ok(f"{url}/healthz"), what=f"web {name} to be ready")
                except AssertionError:
                    raise AssertionError(f"web {name}: {requests.get(f'{url}/healthz', timeout=5).text}") from None
            for n in (1, 2):
                wait_for(lambda n=n: is_alive(str(made.tmp / f"worker-{n}.alive"), 30), what=f"worker {n}")
            yield made
        finally:
            for process in made.processes.values():  # all at once: their shutdowns overlap
                process.terminate()
            for name in list(made.processes):
                made.stop(name)


def _get_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def person(email: str) -> factories.User:
    user = factories.UserFactory(email=email)
    # The instances use the production hashers, not the tests' MD5 one.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex, iterations=1000)
    user.save(update_fields=["password"])
    return user


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    session.headers["Host"] = HOST
    return session


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def login(session: requests.Session, base: str, email: str, password: str = PASSWORD) -> requests.Response:
    token = csrf_token(session, f"{base}/accounts/login/")
    return session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        allow_redirects=False,
        timeout=20,
    )


def logged_in(session: requests.Session, base: str) -> bool:
    response = session.get(f"{base}/professionals/mijn-profiel/", allow_redirects=False, timeout=10)
    assert response.status_code in {200, 302}
    return response.status_code == 200


def test_a_login_on_a_continues_on_b_and_a_logout_on_b_ends_it_on_a(cluster):
    person("anna@scale.example")
    session = browser()
    assert login(session, cluster.urls["a"], "anna@scale.example").status_code == 302
    assert logged_in(session, cluster.urls["b"])
    token = csrf_token(session, f"{cluster.urls['b']}/accounts/logout/")
    session.post(f"{cluster.urls['b']}/accounts/logout/", data={"csrfmiddlewaretoken": token}, timeout=10)
    assert not logged_in(session, cluster.urls["a"])


def test_the_login_rate_limit_counts_across_both_instances(cluster):
    person("bert@scale.example")
    session = browser()
    for base in ("a", "a", "a", "b", "b"):  # five failures: the limit is 5 per 5 minutes per address
        failed = login(session, cluster.urls[base], "bert@scale.example", password="wrong-password")
        assert failed.status_code == 200
        assert "Too many failed login attempts" not in failed.text
    refused = login(session, cluster.urls["b"], "bert@scale.example")
    assert "Too many failed login attempts" in refused.text
    assert not logged_in(session, cluster.urls["b"])


def test_a_cv_uploaded_through_a_is_served_by_b_from_the_bucket(cluster):
    owner = person("carla@scale.example")
    session = browser()
    assert login(session, cluster.urls["a"], "carla@scale.example").status_code == 302
    token = csrf_token(session, f"{cluster.urls['a']}/professionals/mijn-profiel/")
    saved = session.post(
        f"{cluster.urls['a']}/professionals/mijn-profiel/",
        data={"csrfmiddlewaretoken": token, "display_name": "Carla", "visibility": "3", "contact_visibility": "0"},
        files={"cv_file": ("cv.pdf", PDF, "application/pdf")},
        allow_redirects=False,
        timeout=20,
    )
    assert saved.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert cluster.s3.keys(cluster.bucket) == [profile.cv.name]
    download = session.get(f"{cluster.urls['b']}/professionals/{profile.code}/cv/", timeout=10)
    assert download.status_code == 200
    assert download.content == PDF
    # Contact details (and so the CV) are private: B applies the rule too.
    assert browser().get(f"{cluster.urls['b']}/professionals/{profile.code}/cv/", timeout=10).status_code == 404
    assert list(cluster.media.iterdir()) == []


def test_a_publish_on_a_is_fanned_out_by_both_workers_and_each_email_sent_once(cluster):
    field = mf.FieldOfWorkFactory(name="ruimtelijke ordening", slug="ruimtelijke-ordening")
    expertise = [mf.ExpertiseFactory(name=n, slug=n) for n in ("beleidsadvies", "omgevingswet", "projectleiding")]
    matches = {
        mf.professional(expertise=expertise, field_of_work=field, hours_per_week=24).user.email for _ in range(240)
    }
    item = mf.assignment(expertise=expertise, field_of_work=field, status="draft", published_at=None)
    poster = item.posted_by
    poster.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex, iterations=1000)
    poster.save(update_fields=["password"])
    session = browser()
    assert login(session, cluster.urls["a"], poster.email).status_code == 302
    token = csrf_token(session, f"{cluster.urls['a']}/klussen/{item.code}/")
    published = session.post(
        f"{cluster.urls['a']}/klussen/{item.code}/publiceren/",
        data={"csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=20,
    )
    assert published.status_code == 302

    wait_for(lambda: len(sent(cluster.mail)) >= len(matches), timeout=90, what="every match to be emailed")
    time.sleep(2)  # anything sent twice would arrive now
    emails = sent(cluster.mail)
    recipients = Counter(address for email in emails for address in email["to"])
    assert set(recipients) == matches
    assert set(recipients.values()) == {1}
    worker_pids = {cluster.processes["worker-1"].pid, cluster.processes["worker-2"].pid}
    assert {email["pid"] for email in emails} == worker_pids, "both workers sent a share"


def _probe_origins(client: redis.Redis) -> list[int]:
    """The process id of the beat that sent each probe message, oldest first."""
    pids = []
    for raw in reversed(client.lrange(PROBE_QUEUE, 0, -1)):  # LPUSHed: newest first
        message = json.loads(raw)
        origin = message["headers"]["origin"]  # "gen<pid>@<host>"
        pids.append(int(re.match(r"gen(\d+)@", origin).group(1)))
        assert json.loads(base64.b64decode(message["body"]))[0] == []
    return pids


def test_two_beats_send_each_periodic_task_once_and_the_second_takes_over(cluster):
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(PROBE_QUEUE, "klusmarkt:beat-lock")
    beats = {}
    for n in (1, 2):
        beats[n] = cluster.start(
            f"beat-{n}",
            [*CELERY, "-A", "tests.scale.beat_app", "beat", *BEAT_FLAGS, "--schedule", str(cluster.tmp / f"beat-{n}")],
        ).pid
    wait_for(lambda: len(client.lrange(PROBE_QUEUE, 0, -1)) >= 5, timeout=60, what="five probes")
    holder_pid = int(client.get("klusmarkt:beat-lock").decode().split(":")[1])
    holder = next(n for n, pid in beats.items() if pid == holder_pid)
    other = 3 - holder
    assert set(_probe_origins(client)) == {holder_pid}

    cluster.stop(f"beat-{holder}", signal.SIGKILL)  # dies without releasing the lock
    before = len(_probe_origins(client))
    wait_for(lambda: beats[other] in _probe_origins(client), timeout=15, what="the other beat to take over")
    after = _probe_origins(client)
    assert set(after[:before]) == {holder_pid}
    assert set(after[before:]) == {beats[other]}
    assert "waits for the lock" in cluster.log(f"beat-{other}")
    cluster.stop(f"beat-{other}")
    client.delete(PROBE_QUEUE)
