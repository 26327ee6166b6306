"""Mijn Klusmarkt leads a logged-in person to everything that is theirs, in a fixed number of queries."""

from __future__ import annotations

import pytest

from assignments.models import Assignment
from placements.models import Interest
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get("/mijn/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_invites_someone_without_a_profile_to_make_one(client, outsider):
    client.force_login(outsider)

    response = client.get("/mijn/")

    assert response.status_code == 200
    assert "/professionals/mijn-profiel/" in response.content.decode()
    assert response.context["profile"] is None


def test_it_tells_a_visitor_why_they_see_public_content_only(client, visitor):
    client.force_login(visitor)

    response = client.get("/mijn/")

    assert not response.context["viewer"].is_verified
    assert "/klussen/nieuw/" not in response.content.decode()


def test_it_shows_the_persons_own_reactions_and_networks(client, member, network):
    factories.ProfileFactory(user=member)
    assignment = factories.AssignmentFactory(title="Adviseur energietransitie")
    Interest.objects.create(assignment=assignment, professional=member, motivation="Graag")
    other = factories.AssignmentFactory(title="Niet van mij")
    Interest.objects.create(assignment=other, professional=factories.employee(), motivation="Ook graag")
    client.force_login(member)

    response = client.get("/mijn/")

    html = response.content.decode()
    assert "Adviseur energietransitie" in html
    assert "Niet van mij" not in html
    assert list(response.context["my_networks"]) == [network]


def test_it_shows_a_coordinator_their_workspace(client, coordinator, network):
    client.force_login(coordinator)

    response = client.get("/mijn/")

    assert list(response.context["coordinated"]) == [network]
    assert f"/netwerken/{network.slug}/beheer/" in response.content.decode()


def test_it_counts_the_posters_assignments_by_status(client, owner, organisation):
    factories.AssignmentFactory(organisation=organisation, posted_by=owner)
    factories.AssignmentFactory(organisation=organisation, posted_by=owner, status=Assignment.Status.DRAFT)
    client.force_login(owner)

    response = client.get("/mijn/")

    assert sorted(response.context["assignment_counts"]) == [("draft", 1), ("open", 1)]


@pytest.mark.parametrize("size", [5, 50])
def test_it_keeps_a_fixed_number_of_queries(client, member, size, django_assert_max_num_queries):
    factories.ProfileFactory(user=member)
    for i in range(size):
        assignment = factories.AssignmentFactory(title=f"Klus {i}")
        Interest.objects.create(assignment=assignment, professional=member, motivation="Graag")
    client.force_login(member)

    client.get("/mijn/")  # the first page of a session records it; count a settled request
    # The recommendations score a bounded pool of open assignments; nothing grows with the data.
    # The completeness flags come with the profile (five queries before), the profile's taxonomies
    # in one UNION ALL (four before): 35 -> 11.
    with django_assert_max_num_queries(11):
        assert client.get("/mijn/").status_code == 200
