"""Email backends for the outbox fault tests: flaky (fails first) and slow (holds the send)."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Times out the first ``failures`` sends (as smtplib does on a dead server), then delivers."""

    failures = 0
    lock = threading.Lock()

    def send_messages(self, messages: Any) -> int:
        with FlakyBackend.lock:
            if FlakyBackend.failures > 0:
                FlakyBackend.failures -= 1
                raise TimeoutError("timed out")
        return super().send_messages(messages)


class SlowBackend(LocmemBackend):
    """Takes a while to deliver, so two concurrent senders overlap."""

    delay = 0.5

    def send_messages(self, messages: Any) -> int:
        time.sleep(SlowBackend.delay)
        return super().send_messages(messages)
