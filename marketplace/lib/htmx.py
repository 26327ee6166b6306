"""A list page that htmx updates in place: the same URL answers with the results fragment or the whole page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

# The request headers that choose between the fragment and the page.
CHOOSING_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asks for the fragment it swaps in.

    Not for a history restore: after "back" to a URL that htmx pushed and no longer holds, it asks
    the server again and puts the answer in place of the whole page, which must then be the page.
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.history_restore_request)


def render_list(request: HttpRequest, page: str, fragment: str, context: dict[str, Any]) -> HttpResponse:
    """``fragment`` for htmx, ``page`` otherwise (``partial`` in the context says which); caches keep them apart."""
    partial = wants_fragment(request)
    response = render(request, fragment if partial else page, {**context, "partial": partial})
    patch_vary_headers(response, CHOOSING_HEADERS)
    return response
