"""Fixtures for matching tests: Celery broker switching and a taxonomy for a typical assignment."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from marketplace.celery import app as celery_app
from tests.matching import factories as mf

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@contextlib.contextmanager
def celery_broker(url: str, *, eager: bool = False) -> Iterator[None]:
    """Point the Celery app at ``url`` (eager off) for the block, then restore it."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    _reset_pools()
    conf.broker_url, conf.task_always_eager = url, eager
    try:
        yield
    finally:
        _reset_pools()
        conf.broker_url, conf.task_always_eager = saved


def _reset_pools() -> None:
    # The app caches its broker connection pools; a new URL needs new pools.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def taxonomy(db):
    """The facets of a typical assignment: field, four expertise areas, two core qualities."""
    return {
        "field": mf.FieldOfWorkFactory(name="ruimtelijke ordening", slug="ruimtelijke-ordening"),
        "expertise": [
            mf.ExpertiseFactory(name=name, slug=name)
            for name in ("beleidsadvies", "omgevingswet", "projectleiding", "participatie")
        ],
        "qualities": [mf.CoreQualityFactory(name=name, slug=name) for name in ("verbinder", "doorzetter")],
    }
