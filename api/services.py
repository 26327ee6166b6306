"""Issuing and revoking API keys: each change is recorded in the network's audit log."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import KEY_PREFIX, ApiClient, key_hash
from marketplace.models import User
from marketplace.services import audit_log
from networks.models import Network

MAX_VALIDITY = dt.timedelta(days=366)


@transaction.atomic
def api_client_issue(
    *, network: Network, name: str, scope: str, expires_at: dt.datetime, actor: User, peer_url: str = ""
) -> tuple[ApiClient, str]:
    """Issue a key for ``network``; return the client and the key, which is shown once and never stored.

    Only a coordinator of ``network`` may call this (the view checks). A federation key names the
    other Klusmarkt it is for: assignments it delivers must come from that address.
    """
    now = timezone.now()
    if not now < expires_at <= now + MAX_VALIDITY:
        raise ValidationError({"expires_at": _("Choose an expiry date within a year from today.")})
    if scope == ApiClient.Scope.FEDERATION and not peer_url:
        raise ValidationError({"peer_url": _("A federation key needs the address of the other Klusmarkt.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(
        network=network,
        name=name.strip(),
        scope=scope,
        peer_url=peer_url.rstrip("/") if scope == ApiClient.Scope.FEDERATION else "",
        expires_at=expires_at,
        key_hash=key_hash(key),
        key_hint=key[: len(KEY_PREFIX) + 4],
        created_by=actor,
    )
    client.full_clean()
    client.save()
    audit_log(
        actor=actor,
        action="api.client.issued",
        target=network,
        to_state=scope,
        note=client.name,
        data={"code": str(client.code), "expires_at": expires_at.isoformat(), "peer_url": client.peer_url},
    )
    return client, key


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: User) -> ApiClient:
    """Revoke a key at once; revoking twice changes nothing. Its next request is refused."""
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.revoked_by = actor
    client.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_log(
        actor=actor,
        action="api.client.revoked",
        target=client.network,
        from_state=client.scope,
        to_state="revoked",
        note=client.name,
        data={"code": str(client.code)},
    )
    transaction.on_commit(lambda: _after_revoke(client.pk))
    return client


def _after_revoke(client_id: int) -> None:
    """Assignments a revoked federation key delivered are removed (in the background)."""
    from api.tasks import federation_inbound_remove_task

    federation_inbound_remove_task.delay(client_id)
