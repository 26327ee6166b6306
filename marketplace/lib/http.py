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

from marketplace.forms import ConfirmForm

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


def run_confirmed(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    unconfirmed: str,
    refused_to: str,
    redirect_to: Target,
    success: str | Callable[[Any], str] | None = None,
) -> HttpResponse:
    """``run_service`` for an irreversible step: only when its box is ticked (``ConfirmForm``).

    Unticked, ``unconfirmed`` is shown and the person goes back to ``refused_to``, as on a refusal.
    """
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, unconfirmed)
        return redirect(refused_to)
    response = run_service(request, call, redirect_to=redirect_to, success=success, refused_to=refused_to)
    assert response is not None  # without a form, run_service always redirects
    return response


def flash_form_refusals(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show a form's errors about no field as messages: for a form that may not be on the page."""
    for error in form.errors.pop(NON_FIELD_ERRORS, []):
        messages.error(request, str(error))


def run_form_service(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    redirect_to: Target,
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run ``call(form.cleaned_data)`` if the form is valid, as ``run_service``; else the page again.

    For a form that is one of several on a page: its errors about no field become messages (the
    form may not be shown), and ``page()`` renders the page with the form (status 400).
    """
    if form.is_valid() and (
        response := run_service(
            request, lambda: call(form.cleaned_data), form=form, success=success, redirect_to=redirect_to
        )
    ):
        return response
    flash_form_refusals(request, form)
    return page()
