"""Background work of the API app: thin tasks that take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task

from api.federation import inbound, outbound, transport


@shared_task(
    autoretry_for=(transport.PeerUnavailable,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def federation_deliver_task(link_id: int) -> dict[str, int]:
    """Deliver one link's changes; an unreachable peer is retried with exponential backoff."""
    return outbound.federation_deliver(link_id=link_id)


@shared_task
def federation_deliver_all_task() -> int:
    """The periodic catch-up: queue a delivery for every link with work (beat, every 5 minutes)."""
    ids = outbound.links_to_deliver()
    for link_id in ids:
        federation_deliver_task.delay(link_id)
    return len(ids)


@shared_task
def federation_inbound_remove_task(client_id: int) -> int:
    """Remove what a (now revoked) federation key delivered; returns how many were removed."""
    return inbound.inbound_remove_for_client(client_id=client_id)
