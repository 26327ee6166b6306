"""private_key_jwt: the client assertion Klusmarkt signs for the token endpoint."""

from __future__ import annotations

import base64
import datetime

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import RequestFactory

from networks.sso.provider import CLIENT_ASSERTION_TYPE, PrivateKeyJWTClient, assertion_headers


def key_and_certificate() -> tuple[str, str, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "klusmarkt.example")])
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
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return pem, certificate.public_bytes(serialization.Encoding.PEM).decode(), certificate


def test_the_assertion_is_signed_by_the_client_for_the_token_endpoint():
    pem, _, certificate = key_and_certificate()
    client = PrivateKeyJWTClient(
        RequestFactory().get("/"),
        "klusmarkt",
        "",
        "POST",
        "https://login.example/token",
        "https://klusmarkt.example/cb",
        private_key=pem,
        key_id="k1",
    )

    assertion = client.client_assertion()

    claims = jwt.decode(
        assertion, certificate.public_key(), algorithms=["RS256"], audience="https://login.example/token"
    )
    assert claims["iss"] == claims["sub"] == "klusmarkt"
    assert claims["exp"] - claims["iat"] == 60
    assert jwt.get_unverified_header(assertion)["kid"] == "k1"
    assert CLIENT_ASSERTION_TYPE.endswith("jwt-bearer")


def test_the_certificate_may_come_before_the_key():
    pem, certificate_pem, certificate = key_and_certificate()
    client = PrivateKeyJWTClient(
        RequestFactory().get("/"),
        "klusmarkt",
        "",
        "POST",
        "https://login.example/token",
        "https://k.example/cb",
        private_key=certificate_pem + pem,
        key_id="",
    )

    assertion = client.client_assertion()

    jwt.decode(assertion, certificate.public_key(), algorithms=["RS256"], audience="https://login.example/token")
    assert "x5t#S256" in jwt.get_unverified_header(assertion)


def test_a_certificate_beside_the_key_adds_its_thumbprints_for_entra_id():
    pem, certificate_pem, certificate = key_and_certificate()

    headers = assertion_headers(pem + certificate_pem, "")

    expected = base64.urlsafe_b64encode(certificate.fingerprint(hashes.SHA256())).rstrip(b"=").decode()
    assert headers["x5t#S256"] == expected
    assert len(headers["x5t"]) == 27  # SHA-1, base64url
    assert "kid" not in headers
    assert assertion_headers(pem, "k1") == {"kid": "k1"}
