"""An email backend for the several-instance check: every message sent by any process is appended,
as one JSON line with the sending process's id, to EMAIL_FILE_PATH/sent.jsonl (under a file lock)."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

# The queue the beats of tests/scale/beat_app.py send their probe to (no worker reads it).
PROBE_QUEUE = "klusmarkt-scale-beat-probe"


class JsonLinesEmailBackend(BaseEmailBackend):
    # A little time per message, as SMTP takes, so batches queue up and both workers get some.
    delay = 0.01

    def send_messages(self, email_messages) -> int:
        path = Path(settings.EMAIL_FILE_PATH) / "sent.jsonl"
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            for message in email_messages:
                time.sleep(self.delay)
                line = {"to": message.to, "subject": message.subject, "pid": os.getpid()}
                handle.write(json.dumps(line) + "\n")
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
        return len(email_messages)


def sent(directory: Path) -> list[dict]:
    path = directory / "sent.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]
