"""Deliver every link's changes now, in this process (what beat's periodic task queues)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from api.federation import transport
from api.federation.outbound import federation_deliver, links_to_deliver


class Command(BaseCommand):
    help = "Deliver shared assignments to linked networks on other Klusmarkts now (and withdraw ended links')."

    def handle(self, *args: Any, **options: Any) -> None:
        for link_id in links_to_deliver():
            try:
                counts = federation_deliver(link_id=link_id)
            except transport.PeerUnavailable as exc:
                self.stderr.write(f"link {link_id}: peer unavailable ({exc}); beat retries later")
                continue
            self.stdout.write(f"link {link_id}: {counts}")
