"""A loopback peer: outbound federation calls go to this same instance through the Django test client.

Only what leaves the process is replaced (the HTTP transport); everything else runs for real:
the sending side's selection and delivery, the receiving side's API, validation and storage.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

PEER = "http://peer.test"


class DjangoClientAdapter(BaseAdapter):
    def __init__(self, client) -> None:
        super().__init__()
        self.client = client
        self.calls: list[tuple[str, str]] = []

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.calls.append((request.method, parts.path))
        answer = self.client.generic(
            request.method,
            path,
            data=request.body or b"",
            content_type="application/json",
            HTTP_AUTHORIZATION=request.headers.get("Authorization", ""),
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(dict(answer.headers.items()))
        response.raw = io.BytesIO(answer.content)
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def loopback(monkeypatch, client) -> DjangoClientAdapter:
    adapter = DjangoClientAdapter(client)

    def session() -> requests.Session:
        s = requests.Session()
        s.mount(PEER, adapter)
        return s

    monkeypatch.setattr("api.federation.transport.session", session)
    return adapter
