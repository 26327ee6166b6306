from __future__ import annotations

from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks and their data generator; installed by bench/settings.py and tests/settings.py only."""

    name = "bench"
    verbose_name = "Benchmarks"
