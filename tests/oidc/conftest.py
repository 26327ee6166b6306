"""A real OpenID Provider for the single sign-on tests: node-oidc-provider, run with Node.

``npm ci`` in this folder installs it (``.ci/run`` does); without Node or node_modules every test
here is skipped and the report header says why. Each provider process listens on 127.0.0.1 on a
free port (from OIDC_TEST_PORTS, default 8200-8249) and is stopped by its PID afterwards.

Fixtures:
- ``op_tilburg`` / ``op_breda``: one provider process each (per session); the same client
  ``klusmarkt`` (client_secret_basic) on both, and on ``op_tilburg`` a second client
  ``klusmarkt-jwt`` that must authenticate with private_key_jwt.
- ``tilburg_idp`` / ``breda_idp``: the organisations' IdentityProvider rows pointing at them.
- ``sso``: drives a login through a provider's own login page with ``requests`` (the browser at
  the provider) and Django's test client (the browser at Klusmarkt).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

from tests import factories

HERE = Path(__file__).parent
NODE = shutil.which("node")
MISSING = (
    "node is not installed"
    if NODE is None
    else ("run `npm ci` in tests/oidc" if not (HERE / "node_modules" / "oidc-provider").is_dir() else "")
)
SECRET = "test-only-client-secret"
SECRET_ENV = "OIDC_TEST_SECRET"
KEY_ENV = "OIDC_TEST_PRIVATE_KEY"
KEY_ID = "klusmarkt-test-key"
TESTSERVER = "http://testserver"


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"oidc: single sign-on tests skipped ({MISSING})" if MISSING else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


def _port_range() -> range:
    low, _, high = os.environ.get("OIDC_TEST_PORTS", "8200-8249").partition("-")
    return range(int(low), int(high or low) + 1)


def free_port() -> int:
    for port in _port_range():
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in OIDC_TEST_PORTS")


def callback(slug: str, base: str = TESTSERVER) -> str:
    return f"{base}/accounts/oidc/{slug}/login/callback/"


@dataclass
class OpenIDProvider:
    issuer: str
    process: subprocess.Popen

    def misbehave(self, mode: str) -> None:
        """Make the next token response carry a bad ID token (see MODES in server.mjs)."""
        requests.post(f"{self.issuer}/__test/mode", data=mode, timeout=5).raise_for_status()

    def events(self, kind: str) -> list[dict]:
        response = requests.get(f"{self.issuer}/__test/events", timeout=5)
        return [e for e in response.json() if e["event"] == kind]

    def stop(self) -> None:
        self.process.terminate()  # SIGTERM to this node process only
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_provider(clients: list[dict], log_path: Path) -> OpenIDProvider:
    for _attempt in range(3):
        port = free_port()
        issuer = f"http://127.0.0.1:{port}"
        env = dict(os.environ, OP_PORT=str(port), OP_ISSUER=issuer, OP_CLIENTS=json.dumps(clients))
        with open(log_path, "ab") as log:
            process = subprocess.Popen([NODE, "server.mjs"], cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    return OpenIDProvider(issuer=issuer, process=process)
            except requests.ConnectionError:
                time.sleep(0.05)
        if process.poll() is None:
            process.kill()
            process.wait()
    raise RuntimeError(f"the OpenID provider did not start; see {log_path}")


@pytest.fixture(scope="session")
def client_key() -> tuple[str, dict]:
    """Klusmarkt's key for private_key_jwt: PEM (key, then its certificate, as for Entra ID) and public JWK."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "klusmarkt.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = (
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        + certificate.public_bytes(serialization.Encoding.PEM).decode()
    )
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": KEY_ID, "alg": "RS256", "use": "sig"}
    return pem, jwk


def _secret_client(slugs: list[str], base: str = TESTSERVER) -> dict:
    return {
        "client_id": "klusmarkt",
        "client_secret": SECRET,
        "redirect_uris": [callback(slug, base) for slug in slugs],
        "token_endpoint_auth_method": "client_secret_basic",
    }


@pytest.fixture(scope="session")
def op_tilburg(tmp_path_factory, client_key) -> Iterator[OpenIDProvider]:
    clients = [
        _secret_client(["tilburg", "tilburg-mfa"]),
        {
            "client_id": "klusmarkt-jwt",
            "redirect_uris": [callback("eindhoven")],
            "token_endpoint_auth_method": "private_key_jwt",
            "token_endpoint_auth_signing_alg": "RS256",
            "jwks": {"keys": [client_key[1]]},
        },
    ]
    provider = start_provider(clients, tmp_path_factory.mktemp("op") / "tilburg.log")
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def op_breda(tmp_path_factory) -> Iterator[OpenIDProvider]:
    provider = start_provider([_secret_client(["breda"])], tmp_path_factory.mktemp("op") / "breda.log")
    yield provider
    provider.stop()


@pytest.fixture
def sso_env(monkeypatch, client_key) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv(KEY_ENV, client_key[0])


@pytest.fixture
def tilburg_idp(organisation, op_tilburg, sso_env):
    return factories.IdentityProviderFactory(
        organisation=organisation, slug="tilburg", issuer=op_tilburg.issuer, secret_name=SECRET_ENV
    )


@pytest.fixture
def breda_idp(other_organisation, op_breda, sso_env):
    return factories.IdentityProviderFactory(
        organisation=other_organisation, slug="breda", issuer=op_breda.issuer, secret_name=SECRET_ENV
    )


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form" and not self.action:
            self.action = dict(attrs).get("action") or ""


class SSODriver:
    """Plays the person's browser: Klusmarkt through Django's test client, the provider through requests."""

    def __init__(self, client) -> None:
        self.client = client
        self.browser = requests.Session()  # the provider's cookies (its own login session)

    def start(self, email: str, next_url: str = "") -> str:
        """Klusmarkt's "log in with your organisation": the URL of the provider it sends us to."""
        data = {"email": email, **({"next": next_url} if next_url else {})}
        response = self.client.post("/accounts/organisatie/", data)
        assert response.status_code == 302, response.content[:500]
        return response["Location"]

    def start_at(self, slug: str) -> str:
        """allauth's own entry for one provider (its "Continue" button posts here)."""
        response = self.client.post(f"/accounts/oidc/{slug}/login/")
        assert response.status_code == 302
        return response["Location"]

    def _follow(self, url: str) -> requests.Response:
        while True:
            response = self.browser.get(url, allow_redirects=False, timeout=5)
            if response.status_code not in (302, 303) or response.headers["Location"].startswith(TESTSERVER):
                return response
            url = urljoin(url, response.headers["Location"])

    def at_provider(self, authorize_url: str, login: str, *, mfa: bool = False) -> str:
        """Log in on the provider's own page; return the callback URL it redirects the browser to."""
        page = self._follow(authorize_url)
        if page.status_code in (302, 303):
            return page.headers["Location"]  # still logged in at the provider: no page shown
        assert page.status_code == 200, page.text[:500]
        parser = _FormParser()
        parser.feed(page.text)
        form = {"login": login, "password": "whatever", **({"mfa": "1"} if mfa else {})}
        response = self.browser.post(urljoin(page.url, parser.action), data=form, allow_redirects=False, timeout=5)
        location = urljoin(page.url, response.headers["Location"])
        if not location.startswith(TESTSERVER):
            location = self._follow(location).headers["Location"]
        assert location.startswith(TESTSERVER), location
        return location

    def back_at_klusmarkt(self, callback_url: str):
        parts = urlsplit(callback_url)
        return self.client.get(f"{parts.path}?{parts.query}")

    def login(self, email: str, *, next_url: str = "", mfa: bool = False, as_login: str | None = None):
        authorize = self.start(email, next_url)
        return self.back_at_klusmarkt(self.at_provider(authorize, as_login or email, mfa=mfa))


@pytest.fixture
def sso(client) -> SSODriver:
    return SSODriver(client)
