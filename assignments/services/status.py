"""The one place where an assignment changes status."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from marketplace.models import User
from marketplace.services import audit_log


class InvalidTransition(ValidationError):
    """The assignment cannot go from its current status to the requested one."""


@transaction.atomic
def assignment_transition(*, assignment: Assignment, to: str, actor: User | None, note: str = "") -> Assignment:
    """Move ``assignment`` to status ``to`` if ``Assignment.TRANSITIONS`` allows it.

    Locks the row, records the change in the audit log, and raises ``InvalidTransition``
    with a message for the user when the move is not allowed.
    """
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.can_move_to(to):
        raise InvalidTransition(
            _("An assignment that is %(current)s cannot become %(target)s.")
            % {
                "current": locked.get_status_display(),
                "target": Assignment.Status(to).label,
            }
        )
    previous = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == Assignment.Status.OPEN and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    audit_log(
        actor=actor, action=f"assignments.assignment.{to}", target=locked, from_state=previous, to_state=to, note=note
    )
    assignment.status, assignment.published_at = locked.status, locked.published_at
    return locked
