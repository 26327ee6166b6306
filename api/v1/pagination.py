"""Page-number pagination with links in the body and in an RFC 8288 ``Link`` header."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 100


class LinkedPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE
    page_query_param = "page"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """A page number past the end or not a number is invalid input (400), as the ADR asks."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [_("This page does not exist.")]}) from exc

    def _page_url(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def links(self) -> dict[str, dict[str, str]]:
        page = self.page
        links = {
            "self": {"href": self._page_url(page.number)},
            "first": {"href": self._page_url(1)},
            "last": {"href": self._page_url(page.paginator.num_pages)},
        }
        if page.has_previous():
            links["prev"] = {"href": self._page_url(page.previous_page_number())}
        if page.has_next():
            links["next"] = {"href": self._page_url(page.next_page_number())}
        return links

    def get_paginated_response(self, data: Any) -> Response:
        links = self.links()
        response = Response(
            {"_links": links, "totaal": self.page.paginator.count, "pagina": self.page.number, "resultaten": data}
        )
        response["Link"] = ", ".join(f'<{link["href"]}>; rel="{rel}"' for rel, link in links.items() if rel != "self")
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string", "format": "uri"}}}
        return {
            "type": "object",
            "required": ["_links", "totaal", "pagina", "resultaten"],
            "properties": {
                "_links": {
                    "type": "object",
                    "required": ["self", "first", "last"],
                    "properties": dict.fromkeys(("self", "first", "prev", "next", "last"), link),
                },
                "totaal": {"type": "integer", "example": 123},
                "pagina": {"type": "integer", "example": 1},
                "resultaten": schema,
            },
        }
