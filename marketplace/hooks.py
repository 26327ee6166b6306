"""Extension points for the apps that build on marketplace (which must not import them).

Every app imports ``marketplace`` and ``marketplace`` imports none of them, so the outbox cannot
ask the assignments app whether an alert may still be sent. Instead that app registers a check
here from its ``AppConfig.ready()``:

- ``register_email_check(kind_prefix, check)``: ``check(notification_ids)`` returns those of
  ``notification_ids`` (notifications whose ``kind`` starts with ``kind_prefix``) whose email may
  still go out. Every path that sends a notification's email (the batch sender, and the single
  send that the stale-email sweep queues) calls it just before sending, with the rows locked;
  the email of the others is set to "no email" and never sent. It must not send anything and
  should cost a fixed number of queries, whatever the number of ids.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

EmailCheck = Callable[[list[int]], Collection[int]]

_email_checks: dict[str, EmailCheck] = {}


def register_email_check(kind_prefix: str, check: EmailCheck) -> None:
    _email_checks[kind_prefix] = check


def email_checks() -> list[tuple[str, EmailCheck]]:
    return list(_email_checks.items())


# The words for each audit action (``networks.membership.admitted`` → "Admitted"): every app
# registers the actions it records from its ``AppConfig.ready()``, so a history never shows a
# code. tests/guards/test_audit_actions_have_words.py walks them all.
_audit_labels: dict[str, str] = {}


def register_audit_actions(labels: dict[str, str]) -> None:
    _audit_labels.update(labels)


def audit_action_labels() -> dict[str, str]:
    return dict(_audit_labels)
