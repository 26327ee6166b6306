"""Dutch full-text search on PostgreSQL (stored, weighted vector); the plain fallback elsewhere."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.utils import timezone

from assignments.models import Assignment
from assignments.services import assignment_search_refresh
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(not settings.IS_POSTGRES, reason="Dutch full-text search needs PostgreSQL")


def _codes_in_order(body: str, assignments: list[Assignment]) -> list[Assignment]:
    found = [(body.find(str(a.code)), a) for a in assignments if str(a.code) in body]
    return [a for _, a in sorted(found, key=lambda pair: pair[0])]


@pytest.mark.postgres
@postgres_only
def test_it_finds_dutch_stems(cast, client):
    match = make_assignment(cast, "public", title="Beleidsadviseurs gezocht voor de wijkaanpak")
    other = make_assignment(cast, "public", title="Projectleider riolering", description="Buizen en putten.")
    assignment_search_refresh(assignment_ids=[match.pk, other.pk])
    body = client.get("/klussen/", {"q": "beleidsadviseur"}).content.decode()
    assert str(match.code) in body
    assert str(other.code) not in body


@pytest.mark.postgres
@postgres_only
def test_it_ranks_title_matches_above_description_matches(cast, client):
    now = timezone.now()
    # The description match is newer, so on equal rank it would come first.
    in_description = make_assignment(
        cast,
        "public",
        title="Tijdelijke versterking",
        description="Ervaring met de omgevingswet is een pre.",
        published_at=now,
    )
    in_title = make_assignment(
        cast,
        "public",
        title="Kwartiermaker omgevingswet",
        description="Een mooie klus.",
        published_at=now - datetime.timedelta(days=10),
    )
    assignment_search_refresh(assignment_ids=[in_description.pk, in_title.pk])
    body = client.get("/klussen/", {"q": "omgevingswet", "sort": "relevance"}).content.decode()
    assert _codes_in_order(body, [in_description, in_title]) == [in_title, in_description]


@pytest.mark.postgres
@postgres_only
def test_it_keeps_the_vector_up_to_date_through_the_services(cast):
    from assignments import services

    assignment = make_assignment(cast, "draft")
    services.assignment_update(assignment=assignment, actor=cast.poster, data={"title": "Beleidsadviseurs wonen"})
    query = SearchQuery("beleidsadviseur", config="dutch")
    assert Assignment.objects.filter(pk=assignment.pk, search_vector=query).exists()


@pytest.mark.postgres
@postgres_only
def test_it_searches_only_within_what_the_viewer_may_see(cast, assignments, client):
    assignment_search_refresh(assignment_ids=[a.pk for a in assignments.values()])
    body = client.get("/klussen/", {"q": "kanarie"}).content.decode()
    assert str(assignments["public"].code) in body
    assert str(assignments["organisation"].code) not in body
    assert 'data-count="1"' in body


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the fallback is for SQLite")
def test_it_falls_back_to_plain_matching_without_postgres(cast, client):
    match = make_assignment(cast, "public", description="Wij zoeken een landschapsarchitect.")
    other = make_assignment(cast, "public")
    body = client.get("/klussen/", {"q": "landschapsarchitect"}).content.decode()
    assert str(match.code) in body
    assert str(other.code) not in body
