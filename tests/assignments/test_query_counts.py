"""Every list-like assignment page costs the same number of queries at 5 and at 50 rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Assignment
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db


def _seed(cast, n: int) -> None:
    for i in range(n):
        key = ["public", "zpp", "moderation", "platform"][i % 4]
        assignment = make_assignment(cast, key, engagement_forms=["secondment", "zpp"])
        assignment.networks.add(cast.networks["partner"])


def _count(client, path: str, params: dict | None = None) -> int:
    # A first request creates the session rows; count a warm one.
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("viewer", "path", "params", "budget"),
    [
        ("anonymous", "/klussen/", None, 8),
        ("member", "/klussen/", None, 13),
        ("member", "/klussen/", {"q": "kanarie", "sort": "deadline", "engagement_form": "zpp"}, 14),
        ("coordinator", "/klussen/moderatie/", None, 6),
        ("poster", "/klussen/mijn/", None, 7),
        ("anonymous", "/klussen/feed/", None, 1),
        ("anonymous", "/klussen/feed/zpp-brabant/", None, 2),
    ],
)
def test_it_pins_the_queries_at_5_and_50(cast, client, django_assert_max_num_queries, viewer, path, params, budget):
    user = cast.users[viewer]
    if user is not None:
        client.force_login(user)
    _seed(cast, 5)
    small = _count(client, path, params)
    _seed(cast, 45)
    assert Assignment.objects.count() == 50
    large = _count(client, path, params)
    assert small == large, (small, large)
    with django_assert_max_num_queries(budget):
        client.get(path, params or {})


def test_it_pins_the_queries_of_the_detail_page(cast, client, django_assert_max_num_queries):
    client.force_login(cast.poster)
    assignment = make_assignment(cast, "zpp")
    _seed(cast, 5)
    small = _count(client, f"/klussen/{assignment.code}/")
    _seed(cast, 45)
    assert small == _count(client, f"/klussen/{assignment.code}/")
