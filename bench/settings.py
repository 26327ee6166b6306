"""The project's settings plus the benchmark app, for `manage.py generate_scale_data --settings=bench.settings`."""

from __future__ import annotations

from marketplace.settings import *  # noqa: F403
from marketplace.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
