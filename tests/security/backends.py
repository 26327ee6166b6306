"""Email backends for the outbox fault tests: flaky (fails first) and slow (holds the send)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend
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


class SlowFileBackend(FileBackend):
    """For a worker in a subprocess: log "start <pid>", wait, then write the email to a file.

    The test kills the process named in the log while it waits (a worker dying mid-send).
    """

    def send_messages(self, messages: Any) -> int:
        with Path(os.environ["OUTBOX_TEST_LOG"]).open("a") as log:
            log.write(f"start {os.getpid()}\n")
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "3")))
        return super().send_messages(messages)
