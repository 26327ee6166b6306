"""HTTP to another Klusmarkt: short timeouts, no redirects, a cap on what is read back.

A peer may be slow, broken or hostile. Every call is bounded in time and size; a failure that
may pass (no connection, a timeout, 429, 5xx) is ``PeerUnavailable`` and the task retries with
backoff; anything else is ``PeerRefused`` and is recorded, not retried.
"""

from __future__ import annotations

import json
from typing import Any

import requests
from django.conf import settings

TIMEOUT = (3.05, 10)  # connect, read (seconds)
MAX_RESPONSE_BYTES = 256 * 1024
USER_AGENT = "Klusmarkt-federation/1"


class PeerUnavailable(Exception):
    """Worth retrying later."""


class PeerRefused(Exception):
    """The peer answered, and the answer will not change by retrying (401, 403, 400, too large…)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def session() -> requests.Session:
    """A fresh session per delivery run (tests mount an adapter on it)."""
    s = requests.Session()
    s.trust_env = False  # no proxies or .netrc credentials from the environment
    return s


def call(
    http: requests.Session, method: str, base_url: str, path: str, key: str, body: dict[str, Any] | None = None
) -> tuple[int, Any]:
    """One request to ``base_url`` + ``/api/v1`` + ``path``; returns (status, parsed JSON or None)."""
    url = f"{base_url}/api/v1{path}"
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json", "User-Agent": USER_AGENT}
    try:
        with http.request(
            method, url, json=body, headers=headers, timeout=TIMEOUT, allow_redirects=False, stream=True
        ) as response:
            content = _read_capped(response)
            status = response.status_code
    except requests.RequestException as exc:
        raise PeerUnavailable(f"{method} {url}: {exc.__class__.__name__}") from exc
    if status == 429 or status >= 500:
        raise PeerUnavailable(f"{method} {url}: {status}")
    parsed = _parse(content)
    if status >= 300:
        detail = parsed.get("detail", "") if isinstance(parsed, dict) else ""
        raise PeerRefused(f"{method} {url}: {status} {str(detail)[:200]}", status)
    return status, parsed


def _read_capped(response: requests.Response) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=16 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise PeerRefused(f"answer larger than {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return None


def allowed_peer_url(url: str) -> bool:
    """HTTPS only, unless this instance is explicitly set up for plain HTTP peers (development, tests)."""
    return url.startswith("https://") or (settings.FEDERATION_ALLOW_HTTP and url.startswith("http://"))
