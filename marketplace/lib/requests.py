"""Typed requests: a view behind login (the LoginRequiredMiddleware default) has a real User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from marketplace.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For annotations only: the request of a view that only logged-in people reach."""

    user: User
