"""The /klussen/ facet counts and cards: one query, the visible set compiled once, the same numbers."""

from __future__ import annotations

from collections import Counter
from unittest import mock

import pytest
from django.db.models import Exists

from assignments.filters import FACETS, AssignmentFilter, facet_counts
from assignments.models import Assignment
from tests.assignments.conftest import EXPECTED, VIEWERS, make_assignment

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
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"engagement_form": ["zpp"], "sort": "deadline"},
        {"engagement_form": ["zpp", "secondment"]},
        {"q": "kanarie"},
    ],
)
def test_it_counts_the_visible_filtered_assignments_per_option(cast, assignments, viewer, data):
    # One assignment offers both forms of the two-form filter: it is still counted once.
    make_assignment(cast, "public", engagement_forms=["zpp", "secondment"])
    base = Assignment.objects.visible_to(cast.users[viewer]).open()
    qs = AssignmentFilter(data, queryset=base).qs
    assert qs.exists()  # every case finds the public "Kanarie" assignment with both forms
    assert facet_counts(qs) == _expected(qs)
    assert sum(facet_counts(qs)["remote"].values()) == qs.count() == len(set(qs.values_list("pk", flat=True)))


@pytest.mark.parametrize("data", [None, {"engagement_form": ["zpp", "secondment"]}])
def test_it_reads_no_link_table_and_sorts_nothing_away(cast, assignments, data):
    """The engagement forms are filtered and counted on the row's keys (assignments.facets): no
    probe of the link table per visible assignment, no join that repeats rows, so no DISTINCT
    (a sort of every visible row) even for a filter on two forms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = Assignment.objects.visible_to(cast.member).open()
    with CaptureQueriesContext(connection) as queries:
        facet_counts(AssignmentFilter(data, queryset=base).qs)
    (statement,) = [q["sql"] for q in queries if q["sql"].startswith("WITH visible")]
    assert "SELECT DISTINCT" not in statement
    assert Assignment.engagement_forms.through._meta.db_table not in statement


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_counts_each_visible_open_assignment_once_per_engagement_form_it_offers(cast, assignments, viewer):
    # Several forms per assignment, one with none, and forms on rows the viewer may not count
    # (a network's, a closed one): the links are read per visible row, each (row, form) once.
    make_assignment(cast, "public", engagement_forms=["zpp", "secondment"])
    make_assignment(cast, "zpp", engagement_forms=["zpp", "pro-bono"])
    make_assignment(cast, "closed_public", engagement_forms=["zpp", "own-hours"])
    make_assignment(cast, "public").engagement_forms.clear()
    qs = Assignment.objects.visible_to(cast.users[viewer]).open()

    counts = facet_counts(qs)

    in_network = "zpp" in EXPECTED[viewer]
    assert counts["engagement_form"].get("zpp") == 1 + in_network
    assert counts["engagement_form"].get("pro-bono") == (1 if in_network else None)
    assert "own-hours" not in counts["engagement_form"]
    assert counts == _expected(qs)


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


def test_the_cards_read_the_prefetched_engagement_forms_without_a_manager_per_card(cast, client):
    for _ in range(10):
        make_assignment(cast, "public", engagement_forms=["secondment", "zpp"])
    manager_init = Assignment.engagement_forms.related_manager_cls.__init__
    with mock.patch.object(
        Assignment.engagement_forms.related_manager_cls, "__init__", autospec=True, side_effect=manager_init
    ) as managers:
        body = client.get("/klussen/").content.decode()
    assert body.count("<li>Secondment (detachering)</li>") == 10
    # The prefetch itself may build one; a manager per card (10) made the cards slow.
    assert managers.call_count <= 2
