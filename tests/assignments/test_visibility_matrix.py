"""Every assignment surface × viewer: exactly the expected assignments, never one more.

The expectations live in ``conftest.EXPECTED`` (detail) and follow from it for the lists
(open ones only), the counts, search, the feeds (public ones only), JSON-LD and dashboards.
"""

from __future__ import annotations

import re

import pytest

from assignments.models import Assignment
from tests.assignments.conftest import CASES, EXPECTED, OPEN, VIEWERS

pytestmark = pytest.mark.django_db

UUID_RE = re.compile(r'data-id="([0-9a-f-]{36})"')


def _codes(assignments, keys):
    return {str(assignments[k].code) for k in keys}


def _titles_absent(body: str, assignments, keys) -> None:
    for key in keys:
        assert assignments[key].title not in body, key


def test_it_keeps_the_rule_in_the_queryset(cast, assignments):
    for viewer, expected in EXPECTED.items():
        visible = set(Assignment.objects.visible_to(cast.users[viewer]).values_list("code", flat=True))
        assert {str(c) for c in visible} == _codes(assignments, expected), viewer


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_lists_and_counts_only_visible_open_assignments(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    response = client.get("/klussen/")
    assert response.status_code == 200
    body = response.content.decode()
    expected = EXPECTED[viewer] & OPEN
    assert set(UUID_RE.findall(body)) == _codes(assignments, expected)
    assert f'data-count="{len(expected)}"' in body
    _titles_absent(body, assignments, set(CASES) - expected)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_searches_only_visible_assignments(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    response = client.get("/klussen/", {"q": "kanarie"})
    body = response.content.decode()
    expected = EXPECTED[viewer] & OPEN
    assert set(UUID_RE.findall(body)) == _codes(assignments, expected)
    assert f'data-count="{len(expected)}"' in body


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_filters_by_network_without_widening(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    body = client.get("/klussen/", {"network": "zpp-brabant"}).content.decode()
    # Assignments of zpp: posted into it, or by its participating organisation (all here).
    expected = EXPECTED[viewer] & OPEN
    assert set(UUID_RE.findall(body)) == _codes(assignments, expected)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_facet_counts_only_visible_assignments(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    response = client.get("/klussen/")
    expected = EXPECTED[viewer] & OPEN
    # Every assignment here is paid at the public rate: that option's count is the total.
    assert f"Public rate ({len(expected)})" in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_opens_the_detail_only_when_visible(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    for key, assignment in assignments.items():
        response = client.get(f"/klussen/{assignment.code}/")
        expected = 200 if key in EXPECTED[viewer] else 404
        assert response.status_code == expected, key
        if expected == 404:
            assert assignment.title not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_gives_json_ld_only_for_the_public_open_assignment(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    for key in EXPECTED[viewer]:
        body = client.get(f"/klussen/{assignments[key].code}/").content.decode()
        assert ("application/ld+json" in body) == (key == "public"), key


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_feeds_only_public_open_assignments(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    for path in ("/klussen/feed/", "/klussen/feed/zpp-brabant/", "/assignments/feed/"):
        body = client.get(path).content.decode()
        assert str(assignments["public"].code) in body, path
        for key in set(CASES) - {"public"}:
            assert str(assignments[key].code) not in body, (path, key)
            assert assignments[key].title not in body, (path, key)


def test_it_feeds_per_network_only_that_network(cast, assignments, client):
    body = client.get("/klussen/feed/ander-netwerk/").content.decode()
    assert str(assignments["public"].code) not in body
    assert client.get("/klussen/feed/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_my_assignments_only_to_the_poster_and_co_owners(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    response = client.get("/klussen/mijn/")
    if viewer == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    found = set(UUID_RE.findall(response.content.decode()))
    expected = set(CASES) if viewer in ("poster", "co_owner") else set()
    assert found == _codes(assignments, expected)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_the_moderation_queue_only_to_coordinators(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    response = client.get("/klussen/moderatie/")
    if viewer == "anonymous":
        assert response.status_code == 302
    elif viewer == "coordinator":
        assert response.status_code == 200
        assert set(UUID_RE.findall(response.content.decode())) == _codes(assignments, {"moderation"})
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_history_only_to_those_involved_and_coordinators(cast, assignments, as_viewer, viewer):
    client = as_viewer(cast.users[viewer])
    for key in EXPECTED[viewer]:
        body = client.get(f"/klussen/{assignments[key].code}/").content.decode()
        involved = viewer in ("poster", "co_owner")
        coordinates = viewer == "coordinator" and key in ("zpp", "zpp_shared", "moderation")
        assert ('id="history-heading"' in body) == (involved or coordinates), key


def test_it_hides_an_assignment_at_once_when_membership_ends(cast, assignments, client):
    client.force_login(cast.member)
    assert client.get(f"/klussen/{assignments['zpp'].code}/").status_code == 200
    cast.member.memberships.update(status="suspended")
    assert client.get(f"/klussen/{assignments['zpp'].code}/").status_code == 404
