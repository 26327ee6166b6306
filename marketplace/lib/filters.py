"""Filter fields over small lookup tables that read their table once per form, not per use.

django-filter's model choice fields query their table to render the options and again to
resolve each chosen value (``queryset.get(slug=…)``), and ``len(choices)`` counts it once more:
a filtered list page paid one query per chosen slug on top of one per select. These fields load
the (small, audience-independent) table once per form instance and answer all three from that
list. Between requests the rows are kept per process by ``marketplace.lib.lookups`` (with a
shared cache; dropped everywhere when one of the tables changes), keyed by the filter declaration.

Their ``<select>`` (or list of checkboxes) is kept the same way, rendered once per selection and
language: the organisation filter alone is a hundred options, and building and writing the
options of a filter form cost about 5 ms of every list page.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.renderers import BaseRenderer
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from marketplace.lib import lookups

_declarations = itertools.count()


class _PreloadedIterator(filter_fields.ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.field.preloaded():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.field.preloaded()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.preloaded())


class _KeptOptions:
    """A choice widget whose HTML, for a field with kept rows, is rendered once per process.

    The key holds everything the HTML depends on besides the rows: the declaration, the name, the
    selected values, the attributes (id, required, aria-…), the language, the empty label and the
    widget's and renderer's classes. A field whose rows are not kept (another queryset, other
    choices set for one request) renders as always.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        key = self._kept_key(name, value, attrs, renderer)
        if key is None:
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]
        # The kept HTML is what render() returned: already safe.
        return lookups.rendered(key, lambda: super(_KeptOptions, self).render(name, value, attrs, renderer))  # type: ignore[misc]

    def _kept_key(self, name: str, value: Any, attrs: dict[str, Any] | None, renderer: Any) -> tuple[Any, ...] | None:
        field = getattr(self.choices, "field", None)  # type: ignore[attr-defined]
        if not isinstance(field, _PreloadedMixin) or field.preload_key is None:
            return None
        built = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        return (
            field.preload_key,
            type(self),
            type(renderer),
            name,
            tuple(self.format_value(value)),  # type: ignore[attr-defined]
            tuple((k, v if isinstance(v, bool) else str(v)) for k, v in sorted(built.items())),
            get_language(),
            str(getattr(field, "empty_label", None)),
            str(getattr(field, "null_label", None)),
        )


class KeptSelect(_KeptOptions, forms.Select):
    pass


class KeptSelectMultiple(_KeptOptions, forms.SelectMultiple):
    pass


class KeptCheckboxSelectMultiple(_KeptOptions, forms.CheckboxSelectMultiple):
    pass


# A declared widget class becomes its kept variant (a widget instance is left as given).
KEPT_WIDGETS: dict[type, type] = {
    forms.Select: KeptSelect,
    forms.SelectMultiple: KeptSelectMultiple,
    forms.CheckboxSelectMultiple: KeptCheckboxSelectMultiple,
}


class _PreloadedMixin:
    iterator = _PreloadedIterator
    _rows: list[Model] | None = None
    _index: dict[str, Model] | None = None
    preload_key: Any = None

    def __init__(self, *args: Any, preload_key: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preload_key = preload_key

    def preloaded(self) -> list[Model]:
        if self._rows is None:
            queryset = self.queryset
            if self.preload_key is None:
                self._rows = list(queryset)
            else:
                self._rows = lookups.rows(self.preload_key, queryset)
        return self._rows

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        # Another queryset than the declared one (set by a form for one request): not kept.
        self.preload_key = None
        self._rows = self._index = None

    queryset = property(filter_fields.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]
        result._rows = None
        result._index = None
        result.preload_key = self.preload_key  # copying re-sets the same queryset
        return result

    def _by_key(self, value: Any) -> Model | None:
        if self._index is None:
            key = self.to_field_name or "pk"  # type: ignore[attr-defined]
            self._index = {str(getattr(obj, key)): obj for obj in self.preloaded()}
        return self._index.get(str(value))


class PreloadedModelChoiceField(_PreloadedMixin, filter_fields.ModelChoiceField):
    widget = KeptSelect

    def to_python(self, value: Any) -> Any:
        if self.null_label is not None and value == self.null_value:
            return value
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        obj = self._by_key(value.pk if isinstance(value, Model) else value)
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return obj


class PreloadedModelMultipleChoiceField(_PreloadedMixin, filter_fields.ModelMultipleChoiceField):
    widget = KeptSelectMultiple

    def _check_values(self, value: Any) -> list[Any]:
        try:
            values = list(dict.fromkeys(value))
        except TypeError as error:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from error
        result = []
        for item in values:
            if self.null_label is not None and item == self.null_value:
                result.append(item)
                continue
            self.validate_no_null_characters(item)
            obj = self._by_key(item)
            if obj is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
            result.append(obj)
        return result


class _PreloadedFilterMixin:
    """Give the field the key its rows (and options) are kept under between requests (one per declaration)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = kwargs.get("queryset")
        if isinstance(queryset, QuerySet):  # a callable queryset depends on the request: not kept
            lookups.register(queryset.model)
            self.extra["preload_key"] = ("filter", next(_declarations))  # type: ignore[attr-defined]
            widget = self.extra.get("widget")  # type: ignore[attr-defined]
            if isinstance(widget, type) and widget in KEPT_WIDGETS:
                self.extra["widget"] = KEPT_WIDGETS[widget]  # type: ignore[attr-defined]


class PreloadedModelChoiceFilter(_PreloadedFilterMixin, django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a small table: at most one query per form, whatever is chosen."""

    field_class = PreloadedModelChoiceField


class PreloadedModelMultipleChoiceFilter(_PreloadedFilterMixin, django_filters.ModelMultipleChoiceFilter):
    """A ModelMultipleChoiceFilter over a small table: at most one query per form, whatever is chosen."""

    field_class = PreloadedModelMultipleChoiceField


# Hours a week asked for in a filter: a number of hours in one week, never below zero.
HOURS_A_WEEK = {"min_value": 0, "max_value": 168}


def ranges_form(*pairs: tuple[str, str]) -> type[forms.Form]:
    """A filter form on which each ``(low, high)`` pair of fields is a range: ``high`` not below ``low``.

    A range the wrong way round matches nothing; the form says so next to the ``high`` field
    instead of showing an empty list, and keeps both values as typed.
    """

    class RangesForm(forms.Form):
        def clean(self) -> dict[str, Any]:
            data = super().clean() or {}
            for low, high in pairs:
                start, end = data.get(low), data.get(high)
                if start is not None and end is not None and end < start:
                    if isinstance(end, datetime.date):
                        message = _("This date must not be before “%(start)s”.")
                    else:
                        message = _("This must not be less than “%(start)s”.")
                    self.add_error(high, message % {"start": self.fields[low].label})
            return data

    return RangesForm
