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


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler in the code under test catches it."""


class BreaksMidBatchBackend(EmailBackend):
    """Delivers like locmem, but the server drops the connection once, at the ``break_at``-th message.

    ``fatal`` raises ``WorkerKilled`` instead (a worker killed mid-batch: nothing after it runs,
    the transaction rolls back).
    """

    break_at = 3
    fatal = False
    messages = 0

    @classmethod
    def reset(cls, break_at: int = 3, *, fatal: bool = False) -> None:
        cls.break_at, cls.fatal, cls.messages = break_at, fatal, 0

    def send_messages(self, messages):
        cls = type(self)
        cls.messages += len(messages)
        if cls.break_at and cls.messages >= cls.break_at:
            cls.break_at = 0
            if cls.fatal:
                raise WorkerKilled
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test double)")
        return super().send_messages(messages)
