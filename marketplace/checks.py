"""Deployment checks (``manage.py check --deploy``): what a municipality must fill in before going live.

The defaults keep ``make run`` working without configuration; in production they would put a
placeholder controller in the privacy statement, send mail from an address nobody reads and build
email links to the developer's machine.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONTACT_SETTINGS = (
    "DEFAULT_FROM_EMAIL",
    "SECURITY_CONTACT",
    "PRIVACY_CONTACT",
    "PRIVACY_DPO_CONTACT",
    "ACCESSIBILITY_CONTACT_EMAIL",
)


def _is_example(value: str) -> bool:
    """True for an address on a reserved example domain (RFC 2606): ``…@klusmarkt.example``."""
    domain = value.rsplit("@", 1)[-1].strip(" >").lower()
    return domain == "example" or domain.endswith(".example") or domain in {"example.com", "example.org", "example.net"}


@register(Tags.security, deploy=True)
def check_public_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings: list[Warning] = []
    controller = settings.PRIVACY_CONTROLLER.strip()
    if not controller or controller.startswith("["):
        warnings.append(
            Warning(
                "PRIVACY_CONTROLLER is the placeholder: the privacy statement must name the organisation "
                "that runs Klusmarkt.",
                id="klusmarkt.W001",
            )
        )
    for name in CONTACT_SETTINGS:
        if _is_example(getattr(settings, name)):
            warnings.append(
                Warning(
                    f"{name} is an address on an example domain: nobody will read what is sent to it.",
                    id="klusmarkt.W002",
                )
            )
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https" or site.hostname in {None, "localhost", "127.0.0.1"}:
        warnings.append(
            Warning(
                "SITE_URL must be the public https address: links in emails are built from it.", id="klusmarkt.W003"
            )
        )
    return warnings
