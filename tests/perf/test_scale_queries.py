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
from django.test.utils import CaptureQueriesContext

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
    return _plan_sql(*queryset.query.sql_with_params())


def _plan_sql(sql: str, params=None) -> list[dict]:
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


# --- Plans of the member sets, the coordinator's list and matching (issue 7, round 3) ----------
#
# At 2,000 profiles the planner rightly reads small tables whole, so these tests ask a narrower
# question: with sequential scans priced out (``enable_seqscan = off``), is there an index path
# for every part of the query? A part that can only be answered by reading a table whole (no
# usable index, or a condition that selects nothing an index can serve) still shows a Seq Scan.
# At 200,000 profiles ``make bench`` shows the planner taking these paths by itself.


def _plan_without_seqscan(queryset) -> list[dict]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return _plan(queryset)


NETWORK_TABLES = {"networks_membership", "networks_employment"}


def _index_conditions(nodes: list[dict], table: str) -> list[str | None]:
    """The ``Index Cond`` of every index read of ``table`` (None: the whole index was read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        names = {row[0] for row in cursor.fetchall()}
    return [n.get("Index Cond") for n in nodes if n.get("Index Name") in names]


def _index_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


def _bounded(conditions: list[str | None], *columns: str) -> bool:
    return bool(conditions) and all(c and any(column in c for column in columns) for c in conditions)


@pytest.mark.django_db
def test_it_reads_only_the_viewers_networks_for_the_member_sets(cast):
    # The directory's capped count and page for a networked professional: every read of the
    # memberships is bounded by the networks asked (or is a per-row lookup of one user), and the
    # employees are read per counting organisation (or per user) -- not every suspended or left
    # membership and every employment of the platform, as the hashed sets did before.
    viewer = cast["professional"]
    visible = Profile.objects.visible_to(viewer)
    for qs in [visible.order_by()[:1001], visible.order_by("-last_active_at", "pk")[:20]]:
        nodes = _plan_without_seqscan(qs)

        assert not _seq_scans(nodes) & (NETWORK_TABLES | set(scale.LARGE_TABLES))
        assert _bounded(_index_conditions(nodes, "networks_membership"), "network_id", "user_id")
        assert _bounded(_index_conditions(nodes, "networks_employment"), "organisation_id", "user_id")


@pytest.mark.django_db
def test_it_reads_the_employees_of_counting_organisations_only(cast):
    network = Network.objects.filter(employees_are_members=True, participations__isnull=False).first()
    nodes = _plan_without_seqscan(Profile.objects.filter(in_any_network_q("user", {network.pk})))

    assert not _seq_scans(nodes) & NETWORK_TABLES
    assert _bounded(_index_conditions(nodes, "networks_employment"), "organisation_id", "user_id")
    assert _bounded(_index_conditions(nodes, "networks_membership"), "network_id")


@pytest.mark.django_db
def test_the_member_set_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["membership_network_status_user", "employment_organisation_user", "profile_matching_hours"]],
        )
        found = dict(cursor.fetchall())

    assert "(network_id, status) INCLUDE (user_id)" in found["membership_network_status_user"]
    assert "(organisation_id) INCLUDE (user_id)" in found["employment_organisation_user"]
    assert "WHERE ((NOT is_hidden) AND open_to_assignments)" in found["profile_matching_hours"]


@pytest.mark.django_db
def test_it_lists_a_networks_members_without_reading_every_user(cast):
    from networks.filters import MemberFilter
    from networks.selectors import network_memberships_by_name

    network = cast["_network"]
    members = MemberFilter(None, queryset=network_memberships_by_name(network), network=network)
    choices = members.filters["organisation"].queryset
    page = members.qs.values_list("pk", flat=True)[:50]

    assert 'JOIN "marketplace_user"' not in str(choices.query)
    # The page joins the user for the order only; user_name_order serves that order, so for a large
    # network PostgreSQL can walk the names instead of sorting every member (which plan it picks
    # depends on the network's size: make bench). With a full sort priced out, the plan walks it
    # (the last key, the membership id, is an incremental sort within equal names).
    assert _index_exists("user_name_order")
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        walked = _plan_sql(*page.query.sql_with_params())
    assert "user_name_order" in _indexes(walked)
    for qs in (choices, page):
        assert "DISTINCT" not in str(qs.query)
        assert not _seq_scans(_plan_without_seqscan(qs)) & set(scale.LARGE_TABLES)


@pytest.mark.django_db
def test_it_offers_the_employers_of_a_networks_members_by_a_probe_per_organisation(cast):
    # The organisation filter's choices: one probe of membership_network_employer per organisation
    # (the membership's copy of its member's employer, networks.employers), however many members
    # the network has. Through the employments they took a probe per member (257 ms for the 77,500
    # memberships of the bench's network at a million); a hash of the employment table before that.
    from networks.filters import MemberFilter

    network = cast["_network"]
    choices = MemberFilter(None, queryset=network.memberships.all(), network=network).filters["organisation"].queryset
    nodes = _plan(choices)

    assert "networks_employment" not in {n.get("Relation Name") for n in nodes}
    assert "membership_network_employer" in _indexes(nodes)
    conditions = _index_conditions(nodes, "networks_membership")
    assert conditions and all(c and "network_id" in c and "employer_id" in c for c in conditions)
    assert list(choices)  # the cast's network has members with employers


@pytest.mark.django_db
def test_it_counts_the_facets_of_klussen_from_the_open_assignments_index_alone(cast):
    # The /klussen/ facet counts read every open assignment the visitor may see (16,000 at a
    # million profiles). From the table that was a bitmap heap scan of its wide rows (40 ms) and a
    # probe of the engagement-form links per row (44 ms); the partial index assignment_open_facets
    # covers the rule's and the facets' columns, the forms are the row's keys: no heap, no link.
    from assignments.filters import facet_counts

    with CaptureQueriesContext(connection) as captured:
        counts = facet_counts(Assignment.objects.visible_to(cast["professional"]).open())
    (sql,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH visible")]
    # At 300 assignments reading the table is rightly cheaper; priced out, the plan must read an
    # index, and the covering one without the table. (An anonymous visitor's public rows have an
    # index of their own, status-audience, which this size rightly prefers; at a million profiles
    # PostgreSQL reads the covering index for them too: docs/performance.md, round 5.)
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        nodes = _plan_sql(sql)

    assert sum(counts["engagement_form"].values()) > 0
    reads = [n for n in nodes if n.get("Relation Name") == "assignments_assignment"]
    assert reads and all(
        n["Node Type"] == "Index Only Scan" and n["Index Name"] == "assignment_open_facets" for n in reads
    )
    assert Assignment.engagement_forms.through._meta.db_table not in {n.get("Relation Name") for n in nodes}
    # The visible rows are grouped once for the six facets (GROUPING SETS), not scanned per facet.
    scans = [n.get("CTE Name") for n in nodes if n["Node Type"] == "CTE Scan"]
    assert len(reads) == 1 and scans.count("visible") <= 1 and scans.count("grouped") == 6


@pytest.mark.django_db
def test_the_planner_knows_how_many_assignments_are_open(cast):
    # open() is one range over COALESCE(deadline, 9999-12-31); without statistics on that
    # expression PostgreSQL guesses a third of the open assignments, and at a million profiles
    # sorted every open assignment for the dashboard's newest 300 (migration assignments 0012).
    qs = Assignment.objects.open()
    actual = qs.count()
    (top,) = [n for n in _plan(qs) if n.get("Relation Name") == "assignments_assignment"]
    # Without them the estimate is a third of the truth (761 for 2,282 at 100,000 profiles); with
    # them 0.6 here (the status and the range are estimated as independent) and 0.7 at a million.
    assert actual > 50
    assert 0.5 <= top["Plan Rows"] / actual <= 2, (top["Plan Rows"], actual)


@pytest.mark.django_db
def test_it_finds_matching_candidates_through_the_partial_index(cast):
    from matching import candidates

    assignment = Assignment.objects.filter(status=Assignment.Status.OPEN, hours_per_week__gte=24).first()
    pool = (
        candidates.eligible_profiles(assignment, base=Profile.objects.visible_to(cast["poster"]))
        .order_by("-last_active_at", "pk")
        .values_list("pk", flat=True)[:200]
    )
    nodes = _plan_without_seqscan(pool)

    assert "profile_matching_hours" in _indexes(nodes)
    assert not _seq_scans(nodes) & (NETWORK_TABLES | set(scale.LARGE_TABLES))


def _directory_statements(client, user, query: str) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/professionals/?{query}")
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _without_table_scans(sql: str) -> list[dict]:
    """The plan with sequential and bitmap scans priced out: which index reads the planner can use."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return _plan_sql(sql)


@pytest.mark.django_db
def test_the_directory_filters_on_the_rows_keys(cast, client):
    # Engagement form and region are tested on the row's keys (profiles.facets): no statement of
    # the page reads the link tables (a hashed set of every profile of a region at a million).
    region = Profile.regions.through.objects.values_list("region__slug", flat=True).first()
    statements = _directory_statements(
        client, cast["professional"], f"engagement=zpp&region={region}&field_of_work=ruimte-en-wonen"
    )
    links = {Profile.engagement_forms.through._meta.db_table, Profile.regions.through._meta.db_table}
    reads = [sql for sql in statements if "profiles_profile" in sql and "facet_keys" in sql]

    assert reads
    for sql in reads:
        nodes = _plan_sql(sql)
        assert not links & {n.get("Relation Name") for n in nodes}


@pytest.mark.django_db
def test_a_common_term_walks_the_text_index_and_tests_the_word_there(cast, client, monkeypatch):
    # At 2,000 profiles no word is common enough to walk for 1,001 candidates; with a cap of 10 a
    # word in 15 % of the profiles is, a tail topic (~0.5 %) still goes through the text index.
    from marketplace.lib import pagination, search
    from profiles.filters import walks_the_order

    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    monkeypatch.setattr(search, "_table_rows", {})  # read this data's size, not an earlier test's
    assert walks_the_order("energietransitie")
    assert not walks_the_order("netcongestie")

    statements = _directory_statements(client, cast["professional"], "q=energietransitie&engagement=zpp")
    (candidates,) = [sql for sql in statements if sql.startswith('SELECT "profiles_profile"."id" AS "pk"')]
    # The text is tested and ranked on the walked entries' own copy of the vector (search_words);
    # the row's vector (U0, a subquery per row) only where that copy is NULL.
    assert '"profiles_profile"."search_words" @@' in candidates
    assert '"profiles_profile"."search_vector" @@' not in candidates
    assert 'U0."search_vector" @@' in candidates and '"profiles_profile"."search_words" IS NULL' in candidates
    nodes = _without_table_scans(candidates)
    walks = [n for n in nodes if n.get("Index Name") == "profile_directory_text"]
    assert walks and all(n["Node Type"] == "Index Only Scan" for n in walks), [
        (n["Node Type"], n.get("Index Name")) for n in nodes
    ]

    rare = _directory_statements(client, cast["professional"], "q=netcongestie&engagement=zpp")
    (candidates,) = [sql for sql in rare if sql.startswith('SELECT "profiles_profile"."id" AS "pk"')]
    # The planner chooses its way for a rare term (the text index at size; at 2,000 rows it may walk).
    assert '"profiles_profile"."search_vector" @@' in candidates and 'U0."search_vector" @@' not in candidates


@pytest.mark.django_db
def test_the_suitable_professionals_pool_walks_the_directory_order_index_only(cast):
    # The poster's pool: the 200 most recently active profiles that pass the hard conditions and
    # the visibility rule. Along the plain last_active_at index every walked profile was a heap
    # fetch (86,000 for an organisation's assignment at a million profiles, 350 ms); the
    # directory's order index covers what the walk tests (migration 0018), so it reads no heap.
    from django.test.utils import CaptureQueriesContext

    from matching.candidates import suitable_profiles

    assignment = cast["_posted"]  # the bench's: an organisation-only assignment, the narrowest pool
    assert assignment.audience == Assignment.Audience.ORGANISATION
    with CaptureQueriesContext(connection) as queries:
        suitable_profiles(assignment, cast["poster"])
    (pool,) = [q["sql"] for q in queries if 'ORDER BY "profiles_profile"."last_active_at" DESC NULLS LAST' in q["sql"]]
    # At 2,000 profiles a selective hours condition rightly reads a range and sorts it; with the
    # sort priced out too, the plan must walk an order: the covering one, without the table.
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        nodes = _plan_sql(pool)

    walks = [n for n in nodes if n.get("Index Name") == "profile_directory_order"]
    assert walks and all(n["Node Type"] == "Index Only Scan" for n in walks)
    assert not [n for n in nodes if n.get("Relation Name") == "profiles_profile" and n not in walks]


@pytest.mark.django_db
def test_the_recommendation_pool_leaves_out_own_assignments_row_by_row(cast):
    # "Not their own" is tested on each open assignment (poster, a co-owner probe), not as the set
    # of every assignment the person owns, which an OR let PostgreSQL build only by reading the
    # whole assignments table on every dashboard (issue 17: no sequential scan of a large table).
    from matching.candidates import recommendations_for_profile

    user = cast["professional"]
    with CaptureQueriesContext(connection) as captured:
        recommendations_for_profile(user, Profile.objects.get(user=user))
    (pool,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "assignments_assignment"')]
    assert "assignments_assignment" not in _seq_scans(_without_table_scans(pool))
