"""Small lookup tables kept in each process between requests, dropped everywhere when one changes.

The filter forms of the list pages offer the fields of work, engagement forms, core qualities,
regions, organisations and networks as options (``marketplace.lib.filters``). Those tables are
the same for every visitor and change rarely (the admin, a new network), yet each list page read
all of them, five or six queries and a few hundred model instances per request. ``rows`` keeps
them per process, keyed by the filter that asked:

- Every save or delete of a registered model (``register``: the preloaded filters register their
  model when their class is defined) bumps one version number in the shared cache, right away
  and again when the transaction commits (so a process that reloaded before the commit cannot
  keep the old rows). Each process compares its rows' version with the shared one at most once
  per ``CHECK_SECONDS``: a change shows everywhere within that second.
- Bulk writes that send no signal (``QuerySet.update``, ``bulk_create``, raw SQL) are caught by
  the age limit (``MAX_AGE_SECONDS``), or call ``invalidate()``.
- Only with a cache every process shares (Redis): with a per-process cache (locmem, the tests)
  another process would never hear of a change, so nothing is kept unless ``LOOKUP_CACHE`` is
  set to True explicitly (the tests of this module do).

``rendered`` keeps HTML built from those rows the same way (a filter's ``<select>`` with its
options, per selection and language: ``marketplace.lib.filters``), dropped with the rows.

The cached instances are shared between requests: treat them as read-only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

VERSION_KEY = "lookup-tables:version"
CHECK_SECONDS = 1.0
MAX_AGE_SECONDS = 300.0

_models: set[type[models.Model]] = set()
_state: dict[str, Any] = {"version": None, "checked": 0.0}
_rows: dict[Any, tuple[str, float, list[models.Model]]] = {}
_rendered: dict[Any, tuple[str, float, str]] = {}
# A rendered select per selection, language and field: a few hundred in practice. Past this
# (someone trying every value), the process starts again from empty rather than grow.
RENDERED_MAX = 2048


def enabled() -> bool:
    explicit = getattr(settings, "LOOKUP_CACHE", None)
    if explicit is not None:
        return bool(explicit)
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


def register(model: type[models.Model]) -> None:
    """Changes to ``model`` invalidate every process's lookup rows."""
    _models.add(model)


def _version() -> str:
    now = time.monotonic()
    if _state["version"] is not None and now - _state["checked"] < CHECK_SECONDS:
        return _state["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    _state.update(version=version, checked=now)
    return version


def _kept(store: dict[Any, tuple[str, float, Any]], key: Any, build: Callable[[], T], limit: int = 0) -> T:
    """What ``build`` returns, kept in ``store`` under ``key`` while the shared version holds."""
    if not enabled():
        return build()
    version = _version()
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and hit[0] == version and now - hit[1] < MAX_AGE_SECONDS:
        return hit[2]
    value = build()
    if limit and len(store) >= limit:
        store.clear()
    store[key] = (version, now, value)
    return value


def rows(key: Any, queryset: models.QuerySet) -> list[models.Model]:
    """The rows of ``queryset`` (a small, audience-independent lookup table), cached under ``key``."""
    return _kept(_rows, key, lambda: list(queryset))


def rendered(key: Any, build: Callable[[], T]) -> T:
    """HTML that depends only on lookup rows and ``key`` (which must say everything else it depends on)."""
    return _kept(_rendered, key, build, limit=RENDERED_MAX)


def invalidate() -> None:
    """Drop this process's rows and tell the others (a new shared version)."""
    _rows.clear()
    _rendered.clear()
    _state.update(version=None, checked=0.0)
    if enabled():
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _changed(sender: type[models.Model], **kwargs: Any) -> None:
    if sender in _models or any(issubclass(sender, model) for model in _models):
        invalidate()
        transaction.on_commit(invalidate, using=kwargs.get("using"))


post_save.connect(_changed, dispatch_uid="marketplace.lib.lookups.saved")
post_delete.connect(_changed, dispatch_uid="marketplace.lib.lookups.deleted")
