"""What matching contributes to the apps below it, through their hooks.

Registered from ``MatchingConfig.ready()``; marketplace and assignments never import matching.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from assignments import hooks as assignment_hooks
from assignments.models import Assignment
from marketplace import hooks as marketplace_hooks
from marketplace import privacy
from matching import personal_data
from matching.models import Match
from matching.scoring import reason_text
from matching.services import alerts
from matching.tasks import schedule_fanout


def attach_matches(user: Any, assignments: Iterable[Assignment]) -> None:
    """Give each listed assignment the viewer's own match (score and reasons), in one query."""
    if not user.is_authenticated:
        return
    cards = list(assignments)
    matches = {
        m.assignment_id: m for m in Match.objects.filter(profile__user=user, assignment_id__in=[a.pk for a in cards])
    }
    for assignment in cards:
        match = matches.get(assignment.pk)
        assignment.my_match = match
        assignment.my_match_reasons = [reason_text(r) for r in match.reasons] if match else []


def _open_open_assignment(user: Any, code: Any) -> None:
    if not Assignment.objects.visible_to(user).open().filter(code=code).exists():
        raise Http404


def register() -> None:
    privacy.register(personal_data.PART)
    assignment_hooks.register_opened(schedule_fanout)
    assignment_hooks.register_card_annotator(attach_matches)
    # The outbox (marketplace) asks before it sends any alert, including the stale-email sweep.
    marketplace_hooks.register_email_check("alerts.", alerts.alerts_still_allowed)
    # A poster's invitation to react names one assignment (it has no match row the check above
    # reads): the invited person must still see it open when the email goes out.
    openers = {f"{ns}:detail": _open_open_assignment for ns in ("assignments", "assignments-en")}
    marketplace_hooks.register_email_check("alerts.invitation", marketplace_hooks.link_email_check(openers))
