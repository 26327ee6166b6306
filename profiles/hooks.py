"""Extension points for the apps that build on profiles (which must not import them).

- ``register_tag_holders(holders)``: ``holders(user)`` returns a queryset of the
  ``Expertise`` ids carried by objects of the registering app that ``user`` may see (for example
  assignments through ``Assignment.objects.visible_to``), evaluated as a subquery, never listed.
  The expertise autocomplete suggests a tag only when the viewer may see a profile or such an
  object carrying it, so a tag typed on a private profile or an internal assignment never leaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

TagHolders = Callable[[Any], QuerySet]

_tag_holders: list[TagHolders] = []


def register_tag_holders(holders: TagHolders) -> None:
    if holders not in _tag_holders:
        _tag_holders.append(holders)


def tag_holders() -> list[TagHolders]:
    return list(_tag_holders)
