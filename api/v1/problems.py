"""Errors as RFC 9457 problem details (``application/problem+json``), as the ADR asks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Invalid input"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_TYPE


def problem(status_code: int, detail: str, *, invalid_params: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"https://www.rfc-editor.org/rfc/rfc9110#status.{status_code}",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def _invalid_params(data: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(data, dict):
        for name, value in data.items():
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(data, list) and all(isinstance(v, str) for v in data):
        params += [{"name": prefix or "body", "reason": str(v)} for v in data]
    elif isinstance(data, list):
        for i, value in enumerate(data):
            params += _invalid_params(value, f"{prefix}[{i}]")
    else:
        params.append({"name": prefix or "body", "reason": str(data)})
    return params


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error the API raises, in one shape; the key's state or an object's existence is not told."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        body = problem(code, _("The input is not valid."), invalid_params=_invalid_params(exc.detail))
    elif isinstance(exc, exceptions.NotFound):
        body = problem(code, _("This does not exist, or this key may not see it."))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        body = problem(code, str(detail) if not isinstance(detail, (dict, list)) else "")
    response.data = body
    response.content_type = PROBLEM_TYPE
    return response


def problem_response(status_code: int, detail: str) -> Response:
    return Response(problem(status_code, detail), status=status_code, content_type=PROBLEM_TYPE)


__all__ = ["PROBLEM_TYPE", "ProblemJSONRenderer", "problem", "problem_exception_handler", "problem_response", "status"]
