from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data and its commands (`seed_demo`, `demo_code`). Nothing else imports this app."""

    name = "demo"
    verbose_name = _("Demo data")
