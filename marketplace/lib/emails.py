"""Rendering of emails: one template triple per kind, in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    body_html: str


def render_email(template: str, context: dict[str, Any], language: str) -> RenderedEmail:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html``."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}-subject.txt", ctx)
        body = render_to_string(f"emails/{template}-body.txt", ctx)
        body_html = render_to_string(f"emails/{template}-body.html", ctx)
    # A subject is one line: newlines would allow header injection and are never wanted.
    one_line = " ".join(subject.split())
    return RenderedEmail(subject=one_line[:200], body=body.strip() + "\n", body_html=body_html)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"
