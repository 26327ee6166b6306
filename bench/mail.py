"""Email backends for the benchmark: both count what they send (``sent()``).

``CountingSMTPBackend`` is Django's SMTP backend (a real connection per batch to the SMTP server
in ``EMAIL_HOST``/``EMAIL_PORT``; ``bench/run.py`` points it at ``bench.smtp_sink``).
``CountingBackend`` only builds every message as SMTP would and keeps none: a locmem outbox of
10,000 messages would be counted as the fan-out's memory, which a worker sending over SMTP does
not hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import EmailMessage

_SENT = [0]


def sent() -> int:
    return _SENT[0]


def reset() -> None:
    _SENT[0] = 0


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.message().as_bytes()  # the MIME rendering an SMTP backend does
        _SENT[0] += len(email_messages)
        return len(email_messages)


class CountingSMTPBackend(SMTPBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = super().send_messages(email_messages)
        _SENT[0] += count
        return count
