"""The viewer's UNION ALL (``selectors.viewer_for``), compiled once per process, not per request.

Every logged-in page asks who the viewer is: one ``UNION ALL`` of four parts. Building and
compiling it through the ORM cost 5–10 ms of Python per request, while only the user id in it
ever changes (no dates, no settings, no language). ``rows`` compiles the query once per database
alias for a stand-in user whose id is a value no real parameter has, remembers where that id sits
in the parameters, and from then on executes the same SQL with the real id put in its places:
the same statement PostgreSQL (or SQLite) would have received, one query as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet

# No real parameter of the query has this value: not an id (ids are positive), nor a constant.
_STAND_IN_ID = -7_302_914_551

_compiled: dict[str, tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}


def _compile(build: Callable[[Any], QuerySet], alias: str) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
    from marketplace.models import User

    queryset = build(User(pk=_STAND_IN_ID))
    sql, params = queryset.query.get_compiler(alias).as_sql()
    positions = tuple(i for i, value in enumerate(params) if value == _STAND_IN_ID)
    if not positions:
        raise RuntimeError("the viewer query does not depend on the user")
    return sql, tuple(params), positions


def rows(user: Any, build: Callable[[Any], QuerySet]) -> list[tuple[Any, ...]]:
    """The rows ``build(user)`` would return, without building it again for each user."""
    from marketplace.models import User

    alias = router.db_for_read(User)
    compiled = _compiled.get(alias)
    if compiled is None:
        compiled = _compiled[alias] = _compile(build, alias)
    sql, params, positions = compiled
    values = list(params)
    for i in positions:
        values[i] = user.pk
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def forget() -> None:
    """Compile again on the next call (tests that change the query's shape)."""
    _compiled.clear()
