"""Calls to a peer are bounded: timeouts, no redirects, a size cap; failures sorted into retry or not."""

from __future__ import annotations

import io

import pytest
import requests
from requests.adapters import BaseAdapter

from api.federation import transport


class Canned(BaseAdapter):
    def __init__(self, status=200, body=b"{}", headers=None, error=None) -> None:
        super().__init__()
        self.status, self.body, self.headers, self.error = status, body, headers or {}, error
        self.kwargs = {}

    def send(self, request, **kwargs):
        self.kwargs = kwargs
        if self.error:
            raise self.error
        response = requests.Response()
        response.status_code = self.status
        response.headers.update(self.headers)
        response.raw = io.BytesIO(self.body)
        response.request = request
        return response

    def close(self) -> None:
        pass


def call(adapter, method="GET"):
    http = requests.Session()
    http.mount("https://peer.example", adapter)
    return transport.call(http, method, "https://peer.example", "/gedeelde-klussen", "klm_x")


def test_it_sends_the_key_with_a_timeout_and_reads_json():
    adapter = Canned(body=b'{"totaal": 0}')

    assert call(adapter) == (200, {"totaal": 0})
    assert adapter.kwargs["timeout"] == transport.TIMEOUT


@pytest.mark.parametrize(
    "adapter",
    [
        Canned(error=requests.ConnectTimeout()),
        Canned(error=requests.ConnectionError()),
        Canned(status=503),
        Canned(status=429),
    ],
    ids=["timeout", "no connection", "503", "429"],
)
def test_passing_failures_are_retried(adapter):
    with pytest.raises(transport.PeerUnavailable):
        call(adapter)


def test_a_redirect_is_not_followed():
    with pytest.raises(transport.PeerRefused) as exc:
        call(Canned(status=302, body=b"", headers={"Location": "http://169.254.169.254/"}))

    assert exc.value.status == 302


def test_an_answer_that_is_too_large_is_refused():
    with pytest.raises(transport.PeerRefused):
        call(Canned(body=b"[" + b"1," * transport.MAX_RESPONSE_BYTES + b"1]"))


def test_a_refusal_keeps_its_status_and_detail():
    with pytest.raises(transport.PeerRefused) as exc:
        call(Canned(status=400, body=b'{"detail": "De invoer is ongeldig."}'), method="PUT")

    assert exc.value.status == 400
    assert "De invoer is ongeldig." in str(exc.value)


def test_peers_must_use_https_unless_allowed(settings):
    settings.FEDERATION_ALLOW_HTTP = False

    assert transport.allowed_peer_url("https://klusmarkt.example.nl")
    assert not transport.allowed_peer_url("http://klusmarkt.example.nl")
    assert not transport.allowed_peer_url("file:///etc/passwd")
