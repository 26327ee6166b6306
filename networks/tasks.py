from __future__ import annotations

from celery import shared_task

from networks import employers


@shared_task(acks_late=True)
def networks_employers_check_task() -> dict[str, int]:
    """Check every membership's employer against the member's employment; repair drift (nightly)."""
    return {"memberships": employers.repair()}
