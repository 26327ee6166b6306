"""An email backend for the benchmark: builds every message as SMTP would, keeps none."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class CountingBackend(BaseEmailBackend):
    """Like the locmem backend, but it only counts: a locmem outbox of 10,000 messages would be
    counted as the fan-out's memory, which a worker sending over SMTP does not hold."""

    sent = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.message().as_bytes()  # the MIME rendering an SMTP backend does
        CountingBackend.sent += len(email_messages)
        return len(email_messages)
