"""The /klussen/ facet counts: one query, the visible set compiled once, the same numbers."""

from __future__ import annotations

from collections import Counter
from unittest import mock

import pytest
from django.db.models import Exists

from assignments.filters import FACETS, AssignmentFilter, facet_counts
from assignments.models import Assignment
from tests.assignments.conftest import VIEWERS

pytestmark = pytest.mark.django_db


def _expected(qs) -> dict[str, dict[str, int]]:
    """The counts the slow way: one grouped query per facet over the same rows."""
    ids = list(qs.values_list("pk", flat=True))
    counts: dict[str, dict[str, int]] = {}
    for name, field in FACETS.items():
        rows = Assignment.objects.filter(pk__in=ids).values_list("pk", field).distinct()
        counts[name] = dict(Counter(str(value) for _pk, value in rows if value is not None))
    return counts


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("data", [None, {"engagement_form": ["zpp"], "sort": "deadline"}, {"q": "kanarie"}])
def test_it_counts_the_visible_filtered_assignments_per_option(cast, assignments, viewer, data):
    base = Assignment.objects.visible_to(cast.users[viewer]).open()
    qs = AssignmentFilter(data, queryset=base).qs
    assert facet_counts(qs) == _expected(qs)


def test_it_compiles_the_visibility_rule_once_for_all_facets(cast, assignments, django_assert_num_queries):
    qs = Assignment.objects.visible_to(cast.member).open()
    compiled = mock.patch.object(Exists, "as_sql", autospec=True, side_effect=Exists.as_sql)
    with compiled as exists_as_sql, django_assert_num_queries(0):
        str(qs.order_by().values("pk").query)
    once = exists_as_sql.call_count
    assert once > 0  # the member's rule has EXISTS conditions (networks, co-owners)
    with compiled as exists_as_sql, django_assert_num_queries(1):
        facet_counts(qs)
    # Five facets, one compilation of the rule (it was five).
    assert exists_as_sql.call_count == once


def test_it_counts_nothing_without_a_query_for_an_empty_set(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert facet_counts(Assignment.objects.none()) == {name: {} for name in FACETS}
