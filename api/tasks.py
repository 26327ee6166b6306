"""Background work of the API app: thin tasks that take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task
def federation_inbound_remove_task(client_id: int) -> int:
    """Remove what a (now revoked) federation key delivered; returns how many were removed."""
    from api.federation.inbound import inbound_remove_for_client

    return inbound_remove_for_client(client_id=client_id)
