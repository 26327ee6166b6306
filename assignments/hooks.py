"""Extension points for apps that build on assignments (which must not import them).

- ``register_origin(provider)``: ``provider(assignment)`` returns ``{"url": ..., "network": ...}``
  for an assignment that came from elsewhere (another Klusmarkt, through federation), or None.
  The detail page then says where it comes from and links there to react, instead of offering
  the local reaction form. It should cost at most one query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assignments.models import Assignment

OriginProvider = Callable[["Assignment"], "dict[str, str] | None"]

_origin_providers: list[OriginProvider] = []


def register_origin(provider: OriginProvider) -> None:
    if provider not in _origin_providers:
        _origin_providers.append(provider)


def origin_of(assignment: Assignment) -> dict[str, str] | None:
    for provider in _origin_providers:
        origin = provider(assignment)
        if origin is not None:
            return origin
    return None
