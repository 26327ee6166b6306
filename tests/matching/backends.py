"""An email backend that refuses the first ``failures`` sends, then delivers like locmem."""

from __future__ import annotations

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    failures = 2
    attempts = 0
    _lock = threading.Lock()

    @classmethod
    def reset(cls, failures: int = 2) -> None:
        cls.failures, cls.attempts = failures, 0

    def send_messages(self, messages):
        with self._lock:
            type(self).attempts += 1
            if type(self).attempts <= type(self).failures:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test double)")
        return super().send_messages(messages)
