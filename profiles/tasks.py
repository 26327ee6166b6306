from __future__ import annotations

from celery import shared_task

from profiles import audience, facets
from profiles.retention import profiles_retention_sweep


@shared_task(acks_late=True)
def profiles_retention_task() -> dict[str, int]:
    """Warn and hide long-inactive profiles (scheduled daily in marketplace/celery.py)."""
    result = profiles_retention_sweep()
    return {"warned": result.warned, "hidden": result.hidden, "restored": result.restored}


@shared_task(acks_late=True)
def profiles_audience_check_task() -> dict[str, int]:
    """Check every profile's maintained audience against the rule, and its filter keys against its
    links; report and repair drift (nightly)."""
    drift = audience.repair()
    keys = facets.repair()
    return {"profiles": drift.profiles, "removed": drift.removed, "added": drift.added, "filter_keys": keys}
