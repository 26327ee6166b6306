"""Running a service from a view: its refusal becomes form errors or messages, its success a redirect.

Every view that calls a service goes through ``run_service`` (or ``attempt`` when it must do
something of its own with the outcome), so a ``ValidationError`` is shown the same way everywhere
and nothing the user typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

Target = str | Callable[[Any], str]


def add_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on ``form``: on its field where the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def attempt(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    form: forms.BaseForm | None = None,
    errors: list[str] | None = None,
) -> tuple[bool, Any]:
    """Run ``call``: ``(True, result)``, or ``(False, None)`` with the refusal shown.

    The refusal goes on ``form``, or into ``errors`` (for a page that lists them itself), or
    else into messages.
    """
    try:
        return True, call()
    except ValidationError as error:
        if form is not None:
            add_form_errors(form, error)
        elif errors is not None:
            errors.extend(str(message) for message in error.messages)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False, None


def run_service(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    redirect_to: Target,
    success: str | Callable[[Any], str] | None = None,
    form: forms.BaseForm | None = None,
    refused_to: Target | None = None,
) -> HttpResponse | None:
    """Run a service; on success show ``success`` and redirect to ``redirect_to``.

    ``success`` and ``redirect_to`` may be functions of the service's result. On refusal with a
    ``form``: the errors go on the form and the answer is None, for the view to render the form
    again. On refusal without a form: messages, and a redirect to ``refused_to`` (default
    ``redirect_to``, which must then not be a function).
    """
    done, result = attempt(request, call, form=form)
    if done:
        if success is not None:
            messages.success(request, success(result) if callable(success) else success)
        return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    if form is None:
        target = refused_to if refused_to is not None else redirect_to
        assert not callable(target), "a refusal has no result: give refused_to"
        return redirect(target)
    return None


def flash_form_refusals(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show a form's errors about no field as messages: for a form that may not be on the page."""
    for error in form.errors.pop(NON_FIELD_ERRORS, []):
        messages.error(request, str(error))
