"""A passed deadline closes an assignment at once, whether or not the hourly job has run."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.models import Assignment
from assignments.services.deadlines import assignments_close_expired
from placements.models import Interest
from placements.services import interest_create
from tests.workflow.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(assignment):
    """Open as far as the database knows: the job that closes it has not run (as in ``make run``)."""
    Assignment.objects.filter(pk=assignment.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=32))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN
    return assignment


def test_it_refuses_a_reaction_after_the_deadline(expired, professional):
    with pytest.raises(ValidationError, match="deadline"):
        interest_create(assignment=expired, professional=professional, motivation="Graag.", availability="")
    assert not Interest.objects.exists()


def test_it_says_why_a_reaction_is_refused_on_the_page(client, expired, professional):
    login(client, professional)
    client.cookies["django_language"] = "nl"
    response = client.post(f"/klussen/{expired.code}/reageren/", {"motivation": "Graag."})
    assert response.status_code == 400
    assert "De reactietermijn is verstreken" in response.content.decode()
    assert not Interest.objects.exists()


def test_it_accepts_a_reaction_on_the_day_of_the_deadline(assignment, professional):
    Assignment.objects.filter(pk=assignment.pk).update(deadline=timezone.localdate())
    assignment.refresh_from_db()
    assert interest_create(assignment=assignment, professional=professional, motivation="Graag.", availability="")


def test_it_leaves_an_expired_assignment_out_of_the_list_and_of_open(client, expired, professional):
    assert not Assignment.objects.open().filter(pk=expired.pk).exists()
    login(client, professional)
    assert expired.title not in client.get("/klussen/").content.decode()


def test_it_shows_an_expired_assignment_closed_without_a_reaction_form(client, expired, professional):
    login(client, professional)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/klussen/{expired.code}/").content.decode()
    assert "status--closed" in page
    assert f"/klussen/{expired.code}/reageren/" not in page


def test_it_agrees_with_the_job_that_records_the_closing(expired):
    assert not expired.is_open
    assert assignments_close_expired() == 1
    expired.refresh_from_db()
    assert expired.status == Assignment.Status.CLOSED
