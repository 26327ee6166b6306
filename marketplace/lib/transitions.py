"""The one way a model with a status moves: allowed moves, the audit entry, the timestamps.

A model mixes in ``StatusMachine`` and declares its table of moves (``TRANSITIONS``), the
prefix of its audit actions (``AUDIT_PREFIX``), the message for a refused move (``REFUSED``,
with ``%(current)s`` and ``%(target)s``) and, in ``STAMPS``, the timestamp fields set the first
time it reaches a status. ``GUARDS`` names, per status, a method of the model that returns what
still stands in the way of reaching it (words for people); a move with anything in the way is
refused with ``BLOCKED`` (with ``%(missing)s``). Services call ``transition``.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


class InvalidTransition(ValidationError):
    """The object cannot go from its current status to the requested one."""


class StatusMachine:
    TRANSITIONS: ClassVar[dict[str, set[str]]]
    AUDIT_PREFIX: ClassVar[str]
    REFUSED: ClassVar[Any]
    STAMPS: ClassVar[dict[str, str]] = {}
    GUARDS: ClassVar[dict[str, str]] = {}
    BLOCKED: ClassVar[Any] = "%(missing)s"

    status: Any

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


M = TypeVar("M", bound=models.Model)


@transaction.atomic
def transition(obj: M, to: str, *, actor: Any, note: str = "") -> M:
    """Move ``obj`` to status ``to`` if its ``TRANSITIONS`` allow it, and return the locked row.

    Locks the row, stamps the status's timestamp the first time, saves only what changed,
    records the move in the audit log (``<AUDIT_PREFIX>.<to>``) and updates ``obj`` in place.
    Raises ``InvalidTransition`` with a message for the user when the move is not allowed.
    """
    from marketplace.services import audit_log  # models mix in StatusMachine: no service import at load

    model: Any = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if not locked.can_move_to(to):
        target = model.Status(to).label
        raise InvalidTransition(model.REFUSED % {"current": locked.get_status_display(), "target": target})
    guard = model.GUARDS.get(to)
    missing = getattr(locked, guard)() if guard else []
    if missing:
        raise InvalidTransition(model.BLOCKED % {"missing": "; ".join(str(words) for words in missing)})
    previous = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    stamp = model.STAMPS.get(to)
    if stamp and getattr(locked, stamp) is None:
        setattr(locked, stamp, timezone.now())
        fields.append(stamp)
    locked.save(update_fields=fields)
    audit_log(
        actor=actor, action=f"{model.AUDIT_PREFIX}.{to}", target=locked, from_state=previous, to_state=to, note=note
    )
    for field in fields[:1] + fields[2:]:
        setattr(obj, field, getattr(locked, field))
    return locked
