"""AVG (GDPR): one registry of what each app stores about a person, how it is exported and erased.

Every app registers its own part from ``AppConfig.ready()`` (apps below never learn the fields of
apps above them):

- ``relations``: every relation from the app's models to an account (``"app.Model.field"``) and
  what the export and the erasure do with it;
- ``personal_fields`` / ``not_personal_fields``: every free-text, file or structured field of the
  app's models, classified (``"app.Model.field"``: what happens to it);
- ``export(user)``: the sections of the export (``{"name": data}``), plain data without other
  people's identities;
- ``files(user)``: the person's uploaded files as ``(name in the export, content)`` pairs;
- ``needles(user)``: strings that identify the person (names, addresses) and must be scrubbed
  from what other people keep;
- ``erase(user, erasure)``: delete or scrub the app's personal data of ``user``.

``profiles.privacy`` runs the export and the erasure over the registry; tests walk it to prove
that every relation and field of every model is classified, exported and erased.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Replace

if TYPE_CHECKING:
    from marketplace.models import User


@dataclass(frozen=True)
class Erasure:
    """What an app's ``erase`` is told: the person's identifying strings and their replacement."""

    needles: list[str]
    former: str

    def scrub(self, model: type[models.Model], fields: list[str]) -> None:
        """Replace each needle in the given text columns of rows that contain it (kept by others)."""
        for name in fields:
            for needle in self.needles:
                model._default_manager.filter(**{f"{name}__contains": needle}).update(
                    **{name: Replace(name, models.Value(needle), models.Value(self.former))}
                )


@dataclass(frozen=True)
class PersonalData:
    app_label: str
    relations: dict[str, str] = field(default_factory=dict)
    personal_fields: dict[str, str] = field(default_factory=dict)
    not_personal_fields: frozenset[str] = frozenset()
    export: Callable[[User], dict[str, Any]] | None = None
    files: Callable[[User], Iterable[tuple[str, bytes]]] | None = None
    needles: Callable[[User], list[str]] | None = None
    erase: Callable[[User, Erasure], None] | None = None


_registry: dict[str, PersonalData] = {}


def register(part: PersonalData) -> None:
    _registry[part.app_label] = part


def parts() -> list[PersonalData]:
    """The registered parts, highest layer first (erased before the layers they build on)."""
    return list(reversed(_registry.values()))


def relations() -> dict[str, str]:
    return {k: v for part in parts() for k, v in part.relations.items()}


def personal_fields() -> dict[str, str]:
    return {k: v for part in parts() for k, v in part.personal_fields.items()}


def not_personal_fields() -> set[str]:
    return {name for part in parts() for name in part.not_personal_fields}


# Fields never exported: secrets and internal machinery.
SECRET_FIELDS = {"password", "token", "search_vector", "search_words", "secret", "data"}


def row(obj: models.Model, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A model row as plain data for the export, without secrets; files by name."""
    result: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SECRET_FIELDS or model_field.name in exclude:
            continue
        value = getattr(obj, model_field.attname)
        result[model_field.attname] = value.name if isinstance(value, models.fields.files.FieldFile) else value
    return result
