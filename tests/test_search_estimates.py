"""The term estimate of the directory's text search is planned once per term, and again when it is old."""

from __future__ import annotations

import pytest
from django.conf import settings

from marketplace.lib import search
from profiles.models import Profile

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="EXPLAIN (FORMAT JSON) is PostgreSQL's"),
]


@pytest.mark.django_db
def test_a_term_is_planned_once_and_again_when_its_estimate_is_old(monkeypatch, django_assert_num_queries):
    now = [1_000.0]
    monkeypatch.setattr(search.time, "monotonic", lambda: now[0])

    with django_assert_num_queries(1):
        first = search.estimated_matches(Profile, "energietransitie")
    with django_assert_num_queries(0):
        assert search.estimated_matches(Profile, " energietransitie ") == first
    with django_assert_num_queries(1):
        search.estimated_matches(Profile, "netcongestie")

    now[0] += search.TABLE_ROWS_SECONDS
    with django_assert_num_queries(1):
        assert search.estimated_matches(Profile, "energietransitie") == first


@pytest.mark.django_db
def test_the_kept_estimates_are_bounded(monkeypatch):
    monkeypatch.setattr(search, "ESTIMATES_MAX", 3)
    for word in ["beleid", "water", "zorg", "energie", "ruimte"]:
        search.estimated_matches(Profile, word)
        assert len(search._estimates) <= 3
    assert (Profile._meta.db_table, "ruimte") in search._estimates
