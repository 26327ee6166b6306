"""Our side of a link: creating and ending it, and delivering what our network shares with partners.

What is shared over a link is what our network shares with its partner networks inside this
Klusmarkt: published assignments meant for our network with "also share with partner networks"
on, as a member of our network sees them (``visible_to``), never a copy another Klusmarkt
delivered here. Delivery is idempotent: a document whose version the peer already has is not
sent again; whatever is no longer shared (cancelled, withdrawn, audience changed, link ended) is
deleted at the peer.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.federation import transport
from api.federation.documents import assignment_document, version_of
from api.models import FederationLink, InboundAssignment, OutboundShare
from assignments.models import Assignment
from marketplace.models import User
from marketplace.services import audit_log
from networks.models import Network
from networks.selectors import NetworkPrincipal

logger = logging.getLogger(__name__)
BATCH = 200


def _fernet() -> Fernet:
    # Derived from SECRET_KEY: rotating it means the links' keys must be entered again.
    digest = hashlib.sha256(f"klusmarkt-federation:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_key(key: str) -> str:
    return _fernet().encrypt(key.encode()).decode()


def decrypt_key(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise transport.PeerRefused("the stored key cannot be read (SECRET_KEY changed?)") from exc


def shared_assignments(network: Network) -> QuerySet[Assignment]:
    """What ``network`` shares over its links: through ``visible_to`` of the network's own client."""
    received = InboundAssignment.objects.values("assignment_id")
    return (
        Assignment.objects.visible_to(NetworkPrincipal(network))
        .filter(audience=Assignment.Audience.NETWORKS, share_with_partners=True, networks=network)
        .exclude(pk__in=received)
        .select_related("organisation")
        .prefetch_related("engagement_forms")
        .order_by("pk")
    )


@transaction.atomic
def federation_link_create(
    *, network: Network, peer_url: str, peer_network_name: str, peer_key: str, actor: User
) -> FederationLink:
    """Link ``network`` with a network on another Klusmarkt, with the key its coordinator gave us.

    The key is checked at the peer first (one short call): a key it does not accept for
    delivering, or an address that is not HTTPS, is a ``ValidationError``. Delivery itself runs
    in the background.
    """
    peer_url = peer_url.strip().rstrip("/")
    if not transport.allowed_peer_url(peer_url):
        raise ValidationError({"peer_url": _("Use the https:// address of the other Klusmarkt.")})
    if FederationLink.objects.filter(network=network, peer_url=peer_url, status=FederationLink.Status.ACTIVE).exists():
        raise ValidationError({"peer_url": _("This network is already linked with that Klusmarkt.")})
    try:
        transport.call(transport.session(), "GET", peer_url, "/gedeelde-klussen?pageSize=1", peer_key.strip())
    except (transport.PeerUnavailable, transport.PeerRefused) as exc:
        logger.info("Federation handshake with %s failed: %s", peer_url, exc)
        raise ValidationError(
            {"peer_key": _("The other Klusmarkt did not accept this key for delivering assignments.")}
        ) from exc
    link = FederationLink.objects.create(
        network=network,
        peer_url=peer_url,
        peer_network_name=peer_network_name.strip(),
        peer_key_encrypted=encrypt_key(peer_key.strip()),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="api.federation.linked",
        target=network,
        to_state=FederationLink.Status.ACTIVE,
        note=f"{link.peer_network_name} ({peer_url})",
        data={"code": str(link.code)},
    )
    transaction.on_commit(lambda: _deliver_later(link.pk))
    return link


@transaction.atomic
def federation_link_end(*, link: FederationLink, actor: User) -> FederationLink:
    """End the link; what it delivered is deleted at the peer in the background."""
    if link.status == FederationLink.Status.ENDED:
        return link
    link.status = FederationLink.Status.ENDED
    link.ended_by = actor
    link.ended_at = timezone.now()
    link.save(update_fields=["status", "ended_by", "ended_at", "updated_at"])
    audit_log(
        actor=actor,
        action="api.federation.ended",
        target=link.network,
        from_state=FederationLink.Status.ACTIVE,
        to_state=FederationLink.Status.ENDED,
        note=f"{link.peer_network_name} ({link.peer_url})",
        data={"code": str(link.code)},
    )
    transaction.on_commit(lambda: _deliver_later(link.pk))
    return link


def _deliver_later(link_id: int) -> None:
    from api.tasks import federation_deliver_task

    federation_deliver_task.delay(link_id)


def federation_deliver(*, link_id: int) -> dict[str, int]:
    """Bring the peer up to date for one link: PUT what changed, DELETE what is no longer shared.

    Idempotent and safe to run at any time, also twice at once (each call is one PUT or DELETE
    per assignment, and the peer treats a repeated one as a no-op). Raises
    ``transport.PeerUnavailable`` when the peer cannot be reached (the task retries); a refusal
    of one document is recorded on the link and the others still go.
    """
    link = FederationLink.objects.select_related("network").get(pk=link_id)
    http = transport.session()
    key = decrypt_key(link.peer_key_encrypted)
    known = dict(OutboundShare.objects.filter(link=link).values_list("assignment_code", "version"))
    counts = {"sent": 0, "unchanged": 0, "deleted": 0, "refused": 0}
    errors: list[str] = []
    current: set[Any] = set()
    if link.status == FederationLink.Status.ACTIVE:
        site_url = settings.SITE_URL
        for assignment in shared_assignments(link.network).iterator(chunk_size=BATCH):
            current.add(assignment.code)
            document = assignment_document(assignment, site_url=site_url, origin_network=link.network.name)
            version = version_of(document)
            if known.get(assignment.code) == version:
                counts["unchanged"] += 1
                continue
            try:
                transport.call(http, "PUT", link.peer_url, f"/gedeelde-klussen/{assignment.code}", key, document)
            except transport.PeerRefused as exc:
                counts["refused"] += 1
                errors.append(str(exc))
                continue
            OutboundShare.objects.update_or_create(
                link=link, assignment_code=assignment.code, defaults={"version": version}
            )
            counts["sent"] += 1
    for code in set(known) - current:
        try:
            transport.call(http, "DELETE", link.peer_url, f"/gedeelde-klussen/{code}", key)
        except transport.PeerRefused as exc:
            if exc.status != 404:  # already gone there: nothing left to withdraw
                counts["refused"] += 1
                errors.append(str(exc))
                continue
        OutboundShare.objects.filter(link=link, assignment_code=code).delete()
        counts["deleted"] += 1
    link.last_synced_at = timezone.now()
    link.last_error = "; ".join(errors)[:300]
    link.save(update_fields=["last_synced_at", "last_error", "updated_at"])
    return counts


def links_to_deliver() -> list[int]:
    """Active links, and ended ones whose withdrawal has not reached the peer yet."""
    pending = Q(status=FederationLink.Status.ACTIVE) | Q(pk__in=OutboundShare.objects.values("link_id"))
    return list(FederationLink.objects.filter(pending).order_by("pk").values_list("pk", flat=True))
