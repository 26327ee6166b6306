from __future__ import annotations

import pytest
from django.conf import settings

from placements.models import Interest
from placements.services import interest_create, interest_select
from tests import factories

pytestmark = pytest.mark.django_db

# Every logged-in page: session and user (2; the session comes from Redis with the cached_db
# engine), the viewer (1) and the unread badge (1). The session and allauth's session activity
# are written at most once a minute (marketplace.middleware).
OVERHEAD = 3 if settings.SESSION_ENGINE.endswith("cached_db") else 4
# The page itself: the paginator's count, then the rows with assignment, organisation and placement.
DASHBOARD_QUERIES = OVERHEAD + 2
# The page itself: the assignment, the counts per status, the paginator's count and the rows;
# then each reaction's match (matching's scorer): the assignment's facts, the profiles and what
# they share with the assignment.
LIST_QUERIES = OVERHEAD + 4 + 3


def _reactions_of(professional, count):
    for number in range(count):
        assignment = factories.AssignmentFactory()
        interest = interest_create(
            assignment=assignment, professional=professional, motivation="Graag", availability=""
        )
        if number % 3 == 0:
            interest_select(interest=interest, actor=assignment.posted_by)


def _reactions_to(assignment, count):
    organisation = factories.OrganisationFactory()
    for number in range(count):
        professional = factories.employee(organisation)
        if number % 2:  # half of them with a profile, scored on the list
            factories.ProfileFactory(user=professional, headline="Warmtetransitie en energie")
        interest_create(assignment=assignment, professional=professional, motivation="Graag", availability="")


def test_the_reaction_list_shows_each_candidates_score_and_reasons(client, assignment, owner):
    from profiles.models import EngagementForm

    organisation = factories.OrganisationFactory()
    fitting, bare = factories.employee(organisation), factories.employee(organisation)
    profile = factories.ProfileFactory(
        user=fitting, headline="Warmtetransitie in de wijk", bio="Ik werk aan warmtetransitie."
    )
    profile.engagement_forms.set(EngagementForm.objects.filter(code=EngagementForm.Code.SECONDMENT))
    for person in (fitting, bare):
        interest_create(assignment=assignment, professional=person, motivation="Graag", availability="")
    client.force_login(owner)
    content = client.get(f"/klussen/{assignment.code}/reacties/").content.decode()
    assert "words in common: warmtetransitie" in content
    assert "of 100" in content
    assert "no profile" in content


def test_it_shows_the_professional_their_reactions_and_placements(client, interest, placement, professional):
    client.force_login(professional)
    response = client.get("/klussen/mijn-reacties/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Projectleider warmtetransitie" in content
    assert f"/klussen/plaatsingen/{placement.code}/" in content
    assert "status--selected" in content


def test_it_shows_only_the_own_reactions(client, interest, outsider):
    client.force_login(outsider)
    assert "Projectleider warmtetransitie" not in client.get("/klussen/mijn-reacties/").content.decode()


def test_it_hides_reactions_on_assignments_no_longer_visible(client, interest, professional):
    from assignments.models import Assignment

    Assignment.objects.filter(pk=interest.assignment_id).update(audience=Assignment.Audience.ORGANISATION)
    client.force_login(professional)
    assert "Projectleider warmtetransitie" not in client.get("/klussen/mijn-reacties/").content.decode()


def test_it_requires_login_for_the_dashboard(client):
    assert client.get("/klussen/mijn-reacties/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("count", [5, 50])
def test_it_pins_the_queries_of_the_dashboard(client, professional, count, django_assert_num_queries):
    _reactions_of(professional, count)
    client.force_login(professional)
    client.get("/klussen/mijn-reacties/")  # The first request records the session (allauth usersessions).
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get("/klussen/mijn-reacties/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-id=") == min(count, 25)


def test_it_lists_the_reactions_for_the_opdrachtgever_with_counts(client, assignment, interest, owner):
    client.force_login(owner)
    response = client.get(f"/klussen/{assignment.code}/reacties/")
    assert response.status_code == 200
    assert "Sanne de Vries" in response.content.decode()
    assert response.context["counts"][Interest.Status.NEW] == 1


def test_it_forbids_the_list_to_a_viewer_who_does_not_manage(client, assignment, outsider):
    client.force_login(outsider)
    assert client.get(f"/klussen/{assignment.code}/reacties/").status_code == 403


@pytest.mark.parametrize("count", [5, 50])
def test_it_pins_the_queries_of_the_reaction_list(client, assignment, owner, count, django_assert_num_queries):
    _reactions_to(assignment, count)
    client.force_login(owner)
    client.get(f"/klussen/{assignment.code}/reacties/")  # The first request records the session.
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"/klussen/{assignment.code}/reacties/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-id=") == min(count, 25)
