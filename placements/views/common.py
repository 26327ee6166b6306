"""What the workflow views share: running a service and turning its refusal into form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

CONSENT_SESSION_KEY = "assignments.consent_request"


def apply_service(form: Any, call: Callable[[], Any]) -> Any:
    """Run a service and return its result; on refusal put the error on ``form`` and return None.

    So nothing the user typed is lost.
    """
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


def surface_refusals(request: HttpRequest, form: Any) -> None:
    """Show a refusal that is not about one field at the top: the form may not be on the page."""
    for error in form.errors.pop(NON_FIELD_ERRORS, []):
        messages.error(request, error)


def apply_message(request: HttpRequest, call: Callable[[], Any]) -> Any:
    """Run a service and return its result; on refusal show its message and return None."""
    try:
        return call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
