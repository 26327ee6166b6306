"""What the workflow views share (running a service is ``marketplace.lib.http.run_service``)."""

from __future__ import annotations

CONSENT_SESSION_KEY = "assignments.consent_request"
