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
- ``link_email_check(openers)`` builds such a check for the workflow emails, whose link names
  what they are about: the notification's ``url`` is resolved and ``openers[url_name]``
  is called with the recipient and the URL's arguments, as the linked page would be opened;
  the email may go out only when it returns without ``Http404`` / ``PermissionDenied`` (a link
  that no opener knows is refused: a new kind of link must say how it is re-checked). One query
  for the notifications, then the opener's few queries per email (workflow emails go one by one).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

EmailCheck = Callable[[list[int]], Collection[int]]

_email_checks: dict[str, EmailCheck] = {}


def register_email_check(kind_prefix: str, check: EmailCheck) -> None:
    _email_checks[kind_prefix] = check


def email_checks() -> list[tuple[str, EmailCheck]]:
    return list(_email_checks.items())


Opener = Callable[..., Any]


def link_email_check(openers: dict[str, Opener]) -> EmailCheck:
    """An email check: may each recipient still open the page their notification links to?"""

    def check(notification_ids: list[int]) -> list[int]:
        from django.contrib.auth.models import AnonymousUser

        from marketplace.models import Notification

        allowed = []
        for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
            try:
                match = resolve(notification.url.split("?")[0].split("#")[0])
                opener = openers[match.view_name]
            except (Resolver404, KeyError):
                continue
            # An email to an address without an account (an invitation) is checked as a visitor.
            recipient = notification.recipient or AnonymousUser()
            if notification.recipient is not None and not notification.recipient.is_active:
                continue
            try:
                opener(recipient, **match.kwargs)
            except (Http404, PermissionDenied):
                continue
            allowed.append(notification.pk)
        return allowed

    return check


# The words for each audit action (``networks.membership.admitted`` → "Admitted"): every app
# registers the actions it records from its ``AppConfig.ready()``, so a history never shows a
# code. tests/guards/test_audit_actions_have_words.py walks them all.
_audit_labels: dict[str, Any] = {}


def register_audit_actions(labels: dict[str, Any]) -> None:
    _audit_labels.update(labels)


def audit_action_labels() -> dict[str, Any]:
    return dict(_audit_labels)
