"""A paginator that never counts more than a fixed number of rows.

Django's Paginator runs ``COUNT(*)`` over the whole result set on every page: at 200,000
visible profiles that is a scan of the table per request (docs/performance.md). This one counts
at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``); past the cap the page
says "1,000+" and offers pages up to the cap only (refine the search for the rest).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        """The number of rows, counting no further than ``cap + 1``."""
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            return object_list.order_by()[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        """True when there are more rows than ``cap``: show "``cap``+"."""
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)
