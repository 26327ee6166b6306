"""Verifiable references: an Ed25519 signature over a reference's content.

When a reference is given, the server signs its content (``signed_text``) with a private key
derived from ``SECRET_KEY`` (``salted_hmac``, so no key file to manage; keys derived from
``SECRET_KEY_FALLBACKS`` still verify after a rotation). The public verification page shows the
signed text, the signature and the public key: a third party can check a reference without
trusting the page (e.g. ``openssl pkeyutl -verify -pubin -inkey klusmarkt.pem -rawin``), and a
reference whose text was changed afterwards no longer verifies.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from placements.models import Reference

KEY_SALT = "klusmarkt.placements.reference-signing"
VERSION = "Klusmarkt reference v1"


def _private_key(secret: str | bytes | None = None) -> Ed25519PrivateKey:
    seed = salted_hmac(KEY_SALT, "ed25519-seed", secret=secret, algorithm="sha256").digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    )


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))


def signed_text(reference: Reference, *, text: str | None = None) -> str:
    """The exact text that is signed: what the reference says, by whom, for whom and when.

    ``text`` replaces the reference's own text: to check a copy someone received.
    """
    placement = reference.placement
    lines = [
        VERSION,
        f"reference: {reference.code}",
        f"for: {placement.professional.get_full_name()}",
        f"given by: {reference.author_name}",
        f"given on: {timezone.localtime(reference.created_at).date().isoformat()}",
        f"rating: {reference.rating}/5",
        "",
        _normalise(reference.text if text is None else text),
    ]
    return "\n".join(lines) + "\n"


def sign(reference: Reference) -> str:
    """The base64 Ed25519 signature over ``signed_text(reference)``."""
    return base64.b64encode(_private_key().sign(signed_text(reference).encode())).decode()


@dataclass(frozen=True)
class Verification:
    signed: bool  # False for references given before they were signed
    valid: bool
    text: str
    signature: str


def verify(reference: Reference, *, text: str | None = None) -> Verification:
    """Whether the reference's content (or the copy ``text``) matches the signature made when it was given."""
    message = signed_text(reference, text=text)
    if not reference.signature:
        return Verification(signed=False, valid=False, text=message, signature="")
    try:
        signature = base64.b64decode(reference.signature, validate=True)
    except ValueError:
        return Verification(signed=True, valid=False, text=message, signature=reference.signature)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            _private_key(secret).public_key().verify(signature, message.encode())
        except InvalidSignature:
            continue
        return Verification(signed=True, valid=True, text=message, signature=reference.signature)
    return Verification(signed=True, valid=False, text=message, signature=reference.signature)
