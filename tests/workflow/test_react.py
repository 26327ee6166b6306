from __future__ import annotations

import pytest

from assignments.models import Assignment
from assignments.services import assignment_transition
from placements.models import Interest
from tests import factories

pytestmark = pytest.mark.django_db

DATA = {"motivation": "Ik wil graag helpen.", "availability": "Twee dagen per week"}


def test_it_creates_a_reaction_and_tells_every_owner(client, assignment, owner, professional):
    co_owner = factories.employee(assignment.organisation, user__email="co@tilburg.nl")
    assignment.co_owners.add(co_owner)
    client.force_login(professional)
    response = client.post(f"/klussen/{assignment.code}/reageren/", DATA)
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.professional, interest.status) == (professional, Interest.Status.NEW)
    assert owner.notifications.filter(kind="assignments.interest.new").count() == 1
    assert co_owner.notifications.filter(kind="assignments.interest.new").count() == 1


def test_it_shows_the_form(client, assignment, professional):
    client.force_login(professional)
    response = client.get(f"/klussen/{assignment.code}/reageren/")
    assert response.status_code == 200
    assert b'name="motivation"' in response.content


def test_it_requires_login(client, assignment):
    response = client.post(f"/klussen/{assignment.code}/reageren/", DATA)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_answers_404_for_an_invisible_assignment(client, internal_assignment, professional):
    client.force_login(professional)
    response = client.post(f"/klussen/{internal_assignment.code}/reageren/", DATA)
    assert response.status_code == 404
    assert not Interest.objects.exists()


def test_it_answers_404_for_an_unknown_assignment(client, professional):
    client.force_login(professional)
    assert client.get("/klussen/00000000-0000-0000-0000-000000000000/reageren/").status_code == 404


def test_it_refuses_an_assignment_that_is_not_open(client, assignment, owner, professional):
    assignment_transition(assignment=assignment, to=Assignment.Status.CLOSED, actor=owner)
    client.force_login(professional)
    page = client.get(f"/klussen/{assignment.code}/reageren/")
    assert b'name="motivation"' not in page.content
    response = client.post(f"/klussen/{assignment.code}/reageren/", DATA)
    assert response.status_code == 400
    assert "This assignment is not open for reactions." in response.content.decode()
    assert not Interest.objects.exists()


def test_it_refuses_an_unverified_account_with_403(client, assignment, visitor):
    client.force_login(visitor)
    assert client.post(f"/klussen/{assignment.code}/reageren/", DATA).status_code == 403
    assert not Interest.objects.exists()


def test_it_refuses_the_owner_with_403(client, assignment, owner):
    client.force_login(owner)
    assert client.post(f"/klussen/{assignment.code}/reageren/", DATA).status_code == 403


def test_it_refuses_a_second_reaction(client, assignment, professional, interest):
    client.force_login(professional)
    response = client.post(f"/klussen/{assignment.code}/reageren/", DATA)
    assert response.status_code == 400
    assert "You have already reacted to this assignment." in response.content.decode()
    assert Interest.objects.count() == 1


def test_it_allows_reacting_again_after_withdrawing(client, assignment, professional, interest):
    client.force_login(professional)
    client.post(f"/klussen/{assignment.code}/reacties/{interest.code}/intrekken/")
    assert client.post(f"/klussen/{assignment.code}/reageren/", DATA).status_code == 302
    assert Interest.objects.count() == 2


def test_it_keeps_what_was_typed_when_the_motivation_is_missing(client, assignment, professional):
    client.force_login(professional)
    response = client.post(f"/klussen/{assignment.code}/reageren/", {"motivation": "", "availability": "Per mei"})
    assert response.status_code == 400
    assert b"Per mei" in response.content
