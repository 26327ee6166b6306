"""The query parameters of /api/v1/klussen: /klussen/'s own filters, under camelCase names (ADR).

Nothing is defined twice: the parameters are derived from ``AssignmentFilter.base_filters``,
the values go to an ``AssignmentFilter`` over the client's visible assignments, and the
OpenAPI parameters are generated from the same list.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter

from assignments.filters import AssignmentFilter


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


PARAMETERS: dict[str, str] = {camel(name): name for name in AssignmentFilter.base_filters}


def filter_data(query: QueryDict) -> QueryDict:
    """The API's query string under the filter's own (snake_case) names; other keys are dropped."""
    data = QueryDict(mutable=True)
    for key, name in PARAMETERS.items():
        if key in query:
            data.setlist(name, query.getlist(key))
    return data


def _schema(flt: django_filters.Filter) -> tuple[Any, bool, list[str] | None]:
    """(OpenAPI type, many, enum) of one filter."""
    if isinstance(flt, (django_filters.MultipleChoiceFilter, django_filters.ModelMultipleChoiceFilter)):
        choices = [str(value) for value, _ in flt.extra.get("choices", [])] or None
        return str, True, choices
    if isinstance(flt, django_filters.ChoiceFilter):
        return str, False, [str(value) for value, _ in flt.extra.get("choices", [])]
    if isinstance(flt, django_filters.NumberFilter):
        return int, False, None
    if isinstance(flt, django_filters.DateFilter):
        return "date", False, None
    return str, False, None


def openapi_parameters() -> list[OpenApiParameter]:
    from drf_spectacular.types import OpenApiTypes

    params = []
    for key, name in PARAMETERS.items():
        flt = AssignmentFilter.base_filters[name]
        kind, many, enum = _schema(flt)
        params.append(
            OpenApiParameter(
                key,
                type=OpenApiTypes.DATE if kind == "date" else kind,
                many=many,
                enum=enum,
                explode=True if many else None,
                description=f"{flt.label} (/klussen/?{name}=…)",
            )
        )
    return params
