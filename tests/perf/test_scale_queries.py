"""Queries on generated data: search plans use the GIN index; the network rule stays exact.

What this proves, honestly: on a small generated data set (2,000 profiles, 300 assignments,
ANALYZEd) and PostgreSQL's default planner settings, the full-text part of the two search
queries goes through the GIN index on ``search_vector`` and never through a sequential scan of
the searched table, and the rank reads the stored vector instead of re-parsing text. It does
not prove the plans at 200,000 profiles (``make bench`` checks those with EXPLAIN) and it does
not forbid a sequential scan of ``marketplace_user`` for the visibility join: at this size the
planner legitimately prefers a hash join over the whole (small) user table. The profile search
uses a selective term: for a term in 15 % of 2,000 profiles a sequential scan is cheaper and
the planner rightly takes it.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from assignments.models import Assignment
from bench import personas, scale
from marketplace.lib.search import text_search
from marketplace.models import User
from networks.models import Membership, Network, Participation
from networks.selectors import in_any_network_q, viewer_for
from profiles.models import Profile

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="plans and tsvector need PostgreSQL"),
]


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """Generated data for this module only, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        scale.generate(profiles=2_000, assignments=300, seed=7, progress=scale.Progress(quiet=True))
        yield personas.cast()
        transaction.set_rollback(True)


def _plan(queryset) -> list[dict]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes, todo = [], [plan]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


def _seq_scans(nodes: list[dict]) -> set[str]:
    return {n.get("Relation Name") for n in nodes if n["Node Type"] == "Seq Scan"}


def _indexes(nodes: list[dict]) -> set[str]:
    return {n["Index Name"] for n in nodes if n.get("Index Name")}


@pytest.mark.django_db
def test_it_searches_open_assignments_through_the_gin_index(cast):
    qs = text_search(
        Assignment.objects.visible_to(cast["professional"]).open(), "projectleider omgevingswet", ["title"]
    )
    nodes = _plan(qs.order_by("-rank")[:20])

    assert "assignments_assignment_search_vector_gin" in _indexes(nodes)
    assert not _seq_scans(nodes) & set(scale.LARGE_TABLES)


@pytest.mark.django_db
def test_it_searches_visible_profiles_through_the_gin_index(cast):
    # A selective term (a tail topic, ~0.5 % of profiles). For a common term (15 % of 2,000 rows)
    # the planner rightly reads the whole small table instead; make bench checks the big one.
    qs = text_search(Profile.objects.visible_to(cast["professional"]), "netcongestie", ["display_name"])
    nodes = _plan(qs.order_by("-rank")[:20])

    assert "profiles_profile_search_vector_gin" in _indexes(nodes)
    assert "profiles_profile" not in _seq_scans(nodes)


@pytest.mark.django_db
def test_it_ranks_on_the_stored_vector(cast):
    sql = str(text_search(Profile.objects.all(), "omgevingswet", ["display_name"]).query)

    assert 'ts_rank("profiles_profile"."search_vector"' in sql
    assert "to_tsvector" not in sql


@pytest.mark.django_db
def test_it_finds_generated_profiles_by_stemmed_dutch_words(cast):
    # "projectleiders" stems to the same lexeme as "projectleider" in the headlines and job titles.
    found = text_search(Profile.objects.all(), "projectleiders", ["display_name"])

    assert found.count() > 0
    assert found.filter(search_vector__isnull=True).count() == 0


def _in_any_network_q_correlated(user_field: str, network_ids) -> Q:
    """The former, per-row (correlated) form of networks.selectors.in_any_network_q: the reference."""
    explicit = Membership.objects.filter(
        user=OuterRef(user_field), status=Membership.Status.ACTIVE, network_id__in=network_ids
    )
    blocked = Membership.objects.filter(
        network=OuterRef("network"),
        user=OuterRef(OuterRef(user_field)),
        status__in=[Membership.Status.SUSPENDED, Membership.Status.LEFT],
    )
    by_employer = Participation.objects.filter(
        network_id__in=network_ids,
        network__employees_are_members=True,
        organisation__employments__user=OuterRef(user_field),
    ).filter(~Exists(blocked))
    return Q(Exists(explicit)) | Q(Exists(by_employer))


@pytest.mark.django_db
def test_it_finds_the_same_network_members_as_the_per_row_rule(cast):
    viewers = [cast["professional"], cast["coordinator"]]
    viewers += list(User.objects.filter(memberships__isnull=False).distinct().order_by("pk")[:8])
    for viewer in viewers:
        ids = viewer_for(viewer).network_ids | {n.pk for n in Network.objects.filter(slug="werken-in-het-westen")}
        fast = set(Profile.objects.filter(in_any_network_q("user", ids)).values_list("pk", flat=True))
        reference = set(Profile.objects.filter(_in_any_network_q_correlated("user", ids)).values_list("pk", flat=True))

        assert fast == reference
        assert reference
