"""Two real Klusmarkt servers on two PostgreSQL databases, federated over HTTP.

Instance A (ZPP Brabant) and instance B (Werken in het Westen) each run gunicorn on their own
database (``<test database>a`` and ``<test database>b``, e.g. kl_h19a and kl_h19b). B's coordinator
issues a federation key for A's address; A's coordinator links with it; an assignment published in
A appears in B, closes there when closed in A, and disappears when A ends the link. Nothing is
mocked: setup runs through each instance's ``manage.py shell``, delivery through ``manage.py
federation_deliver`` (the code beat's task runs), and every check through B's public API.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="two instances need PostgreSQL databases"),
]

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8150, 8200)


def free_port(taken: set[int]) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8150-8199")


def admin_connection():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


class Instance:
    def __init__(self, label: str, db_name: str, port: int, logs: Path) -> None:
        self.label, self.db_name, self.port = label, db_name, port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = logs / f"instance-{label}.log"
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}}
        env.update(
            DJANGO_SETTINGS_MODULE="marketplace.settings",
            DATABASE_URL=database_url(db_name),
            CELERY_BROKER_URL="",  # tasks run eagerly in the process that queues them
            SECRET_KEY=f"two-instance-test-{label}-" + "x" * 40,
            DEBUG="false",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=self.url,
            FEDERATION_ALLOW_HTTP="true",
            LOG_LEVEL="WARNING",
        )
        self.env = env
        self.server: subprocess.Popen | None = None

    def manage(self, *args: str, timeout: int = 180) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{self.label} {args[:1]}: {result.stderr[-3000:]}"
        return result.stdout

    def shell(self, code: str) -> dict:
        """Run ``code`` in this instance's Django; it prints one JSON line last, which is returned."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def start(self) -> None:
        log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "marketplace.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._log = log
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"{self.label} exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or busy starting
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.label} did not start: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()  # this gunicorn's PID only
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.server is not None:
            self._log.close()


@pytest.fixture
def instances(tmp_path):
    base = settings.DATABASES["default"]["NAME"].removeprefix("test_")
    taken: set[int] = set()
    a = Instance("a", f"{base}a", free_port(taken), tmp_path)
    taken.add(a.port)
    b = Instance("b", f"{base}b", free_port(taken), tmp_path)
    with admin_connection() as conn:
        for instance in (a, b):
            conn.execute(f'DROP DATABASE IF EXISTS "{instance.db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{instance.db_name}"')
    migrations = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=i.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for i in (a, b)
    ]
    for proc in migrations:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, out[-3000:]
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()
        with admin_connection() as conn:
            for instance in (a, b):
                conn.execute(f'DROP DATABASE IF EXISTS "{instance.db_name}" WITH (FORCE)')


SETUP_B = """
import json, datetime as dt
from django.utils import timezone
from api.services import api_client_issue
from networks.models import Membership, Network, Organisation, Participation, Employment
from marketplace.models import User
org = Organisation.objects.create(name="Gemeente Leiden", slug="gemeente-leiden", kind="gemeente")
net = Network.objects.create(
    name="Werken in het Westen", slug="werken-in-het-westen", kind="regional", join_policy="invitation"
)
Participation.objects.create(network=net, organisation=org)
user = User.objects.create_user(email="coordinator@leiden.nl", password="x" * 20)
Employment.objects.create(user=user, organisation=org, email=user.email)
Membership.objects.create(user=user, network=net, role="coordinator", status="active")
until = timezone.now() + dt.timedelta(days=30)
_, fed = api_client_issue(
    network=net, name="ZPP Brabant", scope="federation", peer_url="{a_url}", expires_at=until, actor=user
)
_, read = api_client_issue(network=net, name="Controle", scope="read", expires_at=until, actor=user)
print(json.dumps({{"fed": fed, "read": read}}))
"""

SETUP_A = """
import json
from api.federation.outbound import federation_link_create
from assignments.models import Assignment
from networks.models import Membership, Network, Organisation, Participation, Employment
from marketplace.models import User
from profiles.models import EngagementForm
org = Organisation.objects.create(name="Gemeente Tilburg", slug="gemeente-tilburg", kind="gemeente")
net = Network.objects.create(name="ZPP Brabant", slug="zpp-brabant", kind="regional", join_policy="approval")
Participation.objects.create(network=net, organisation=org)
user = User.objects.create_user(email="coordinator@tilburg.nl", password="x" * 20)
Employment.objects.create(user=user, organisation=org, email=user.email)
Membership.objects.create(user=user, network=net, role="coordinator", status="active")
link = federation_link_create(
    network=net, peer_url="{b_url}", peer_network_name="Werken in het Westen", peer_key="{key}", actor=user
)
print(json.dumps({{"link": str(link.code)}}))
"""

PUBLISH_A = """
import json
from django.utils import timezone
from assignments.models import Assignment
from networks.models import Network, Organisation
from profiles.models import EngagementForm
a = Assignment.objects.create(
    title="Projectleider omgevingswet (gedeeld)", description="Samen met Leiden.", hours_per_week=16,
    organisation=Organisation.objects.get(slug="gemeente-tilburg"), compensation="public-rate",
    audience="networks", share_with_partners=True, status="open", published_at=timezone.now(),
)
a.networks.set([Network.objects.get(slug="zpp-brabant")])
a.engagement_forms.set(EngagementForm.objects.filter(code="secondment"))
internal = Assignment.objects.create(
    title="Alleen voor ZPP Brabant", description="Niet delen.", hours_per_week=8, compensation="pro-bono",
    organisation=a.organisation, audience="networks", share_with_partners=False, status="open",
    published_at=timezone.now(),
)
internal.networks.set([a.networks.get()])
print(json.dumps({"code": str(a.code)}))
"""

CLOSE_A = """
import json
from assignments.models import Assignment
from assignments.services import assignment_close
assignment_close(assignment=Assignment.objects.get(code="{code}"), actor=None)
print(json.dumps({{"ok": True}}))
"""

END_LINK_A = """
import json
from api.federation.outbound import federation_link_end
from api.models import FederationLink
link = FederationLink.objects.get(code="{link}")
federation_link_end(link=link, actor=link.created_by)
print(json.dumps({{"ok": True}}))
"""


REVOKE_B = """
import json
from api.models import ApiClient
from api.services import api_client_revoke
client = ApiClient.objects.get(scope="federation")
api_client_revoke(client=client, actor=client.created_by)
print(json.dumps({"ok": True}))
"""


def api(instance: Instance, path: str, key: str) -> requests.Response:
    return requests.get(f"{instance.url}/api/v1{path}", headers={"Authorization": f"Bearer {key}"}, timeout=30)


def test_an_assignment_travels_closes_and_disappears(instances):
    a, b = instances
    keys = b.shell(SETUP_B.format(a_url=a.url))
    link = a.shell(SETUP_A.format(b_url=b.url, key=keys["fed"]))["link"]
    assert api(b, "/klussen", keys["read"]).json()["totaal"] == 0

    # Published on A, delivered (what beat's task runs), seen on B.
    code = a.shell(PUBLISH_A)["code"]
    a.manage("federation_deliver")
    listed = api(b, "/klussen", keys["read"]).json()["resultaten"]
    assert [row["titel"] for row in listed] == ["Projectleider omgevingswet (gedeeld)"]
    copy = listed[0]
    assert copy["id"] != code and copy["netwerken"] == ["werken-in-het-westen"]
    assert copy["organisatie"]["naam"] == "Gemeente Tilburg"
    delivered = api(b, "/gedeelde-klussen", keys["fed"]).json()["resultaten"]
    assert [row["id"] for row in delivered] == [code]

    # Closed on A, closed on B.
    a.shell(CLOSE_A.format(code=code))
    a.manage("federation_deliver")
    assert api(b, f"/klussen/{copy['id']}", keys["read"]).json()["status"] == "closed"

    # A ends the link: withdrawn from B.
    a.shell(END_LINK_A.format(link=link))
    assert api(b, f"/klussen/{copy['id']}", keys["read"]).status_code == 404
    assert api(b, "/gedeelde-klussen", keys["fed"]).json()["totaal"] == 0

    # B's coordinator revokes the key: A can deliver nothing more.
    b.shell(REVOKE_B)
    assert api(b, "/gedeelde-klussen", keys["fed"]).status_code == 401
