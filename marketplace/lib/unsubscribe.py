"""Signed one-click unsubscribe links for alert emails (RFC 8058).

The token names the person and the topic (``matches``, ``saved_searches`` or ``all``); it is
signed with the secret key and a salt of its own, so it cannot be forged or reused elsewhere.
It carries no timestamp: the same person and topic always give the same link (the one in the
body equals the one in the header), and it keeps working, as RFC 8058 asks. All it can do is
switch alerts off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "klusmarkt.unsubscribe"
TOPICS = ("matches", "saved_searches", "all")
# Which topic an alert kind's unsubscribe link switches off.
KIND_TOPICS = {
    "alerts.match": "matches",
    "alerts.saved_search": "saved_searches",
    "alerts.digest": "all",
}


@dataclass(frozen=True)
class UnsubscribeRequest:
    user_id: int
    topic: str


def unsubscribe_token(user_id: int, topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"Unknown topic {topic!r}")
    return signing.Signer(salt=SALT).sign_object({"u": user_id, "t": topic}, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest | None:
    """The request a token carries, or ``None`` when it is forged, expired or malformed."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("t") not in TOPICS or not isinstance(data.get("u"), int):
        return None
    return UnsubscribeRequest(user_id=data["u"], topic=data["t"])


def unsubscribe_url(user_id: int, topic: str) -> str:
    path = reverse("unsubscribe", kwargs={"token": unsubscribe_token(user_id, topic)})
    return f"{settings.SITE_URL}{path}"


def unsubscribe_headers(user_id: int, kind: str) -> dict[str, str]:
    """``List-Unsubscribe`` headers for an alert of ``kind``; empty for other kinds."""
    topic = KIND_TOPICS.get(kind)
    if topic is None:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id, topic)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
