"""Every form and filter set of the product's apps, for the guards that walk them all."""

from __future__ import annotations

import importlib

import django_filters
from django import forms

DOMAIN_APPS = ["networks", "profiles", "assignments", "matching", "placements", "marketplace"]


def _subclasses(root: type) -> list[type]:
    for app in DOMAIN_APPS:
        for module in ("forms", "filters"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.{module}":
                    raise
    found, queue = set(), [root]
    while queue:
        for sub in queue.pop().__subclasses__():
            queue.append(sub)
            if sub.__module__.split(".")[0] in DOMAIN_APPS:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def domain_forms() -> list[type[forms.BaseForm]]:
    return _subclasses(forms.BaseForm)


def domain_filtersets() -> list[type[django_filters.FilterSet]]:
    return _subclasses(django_filters.FilterSet)
