"""Extension points for the apps that build on assignments (which must not import them).

Dependencies run ``networks`` ← ``profiles`` ← ``assignments`` ← ``matching`` ← ``placements``
(and ``api`` beside them), so posting cannot call matching when an assignment opens, nor count the
reactions on "Mijn klussen". Instead the higher app registers a callable here from its
``AppConfig.ready()``:

- ``register_opened(callback)``: ``callback(assignment)`` runs inside the transaction that opened
  the assignment (published at once, or approved by the last moderating network); schedule work
  with ``transaction.on_commit``, never send anything from it. Matching queues its fan-out here.
- ``register_card_annotator(annotator)``: ``annotator(user, assignments)`` sets attributes on the
  listed assignments (for example the viewer's own match score and reasons) in a fixed number of
  queries, whatever the number of cards.
- ``register_mine_annotation(name, expression)``: ``expression()`` returns a query expression that
  "Mijn klussen" annotates each of the poster's assignments with under ``name`` (for example the
  number of new reactions).
- ``register_origin(provider)``: ``provider(assignment)`` returns ``{"url": ..., "network": ...}``
  for an assignment that came from elsewhere (another Klusmarkt, through federation), or None.
  The detail page then says where it comes from and links there to react, instead of offering
  the local reaction form. It should cost at most one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Expression

    from assignments.models import Assignment

Opened = Callable[["Assignment"], None]
CardAnnotator = Callable[[Any, Iterable["Assignment"]], None]
OriginProvider = Callable[["Assignment"], "dict[str, str] | None"]

_opened: list[Opened] = []
_card_annotators: list[CardAnnotator] = []
_mine_annotations: dict[str, Callable[[], Expression]] = {}
_origin_providers: list[OriginProvider] = []


def register_opened(callback: Opened) -> None:
    if callback not in _opened:
        _opened.append(callback)


def assignment_opened(assignment: Assignment) -> None:
    for callback in _opened:
        callback(assignment)


def register_card_annotator(annotator: CardAnnotator) -> None:
    if annotator not in _card_annotators:
        _card_annotators.append(annotator)


def annotate_cards(user: Any, assignments: Iterable[Assignment]) -> None:
    cards = list(assignments)
    for annotator in _card_annotators:
        annotator(user, cards)


def register_mine_annotation(name: str, expression: Callable[[], Expression]) -> None:
    _mine_annotations[name] = expression


def mine_annotations() -> dict[str, Expression]:
    return {name: expression() for name, expression in _mine_annotations.items()}


def register_origin(provider: OriginProvider) -> None:
    if provider not in _origin_providers:
        _origin_providers.append(provider)


def origin_of(assignment: Assignment) -> dict[str, str] | None:
    for provider in _origin_providers:
        origin = provider(assignment)
        if origin is not None:
            return origin
    return None
