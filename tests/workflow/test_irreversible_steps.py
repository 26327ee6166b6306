"""Steps that cannot be undone ask for a ticked box first (no JavaScript needed), and completion waits for the start."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.models import Assignment
from placements.models import Interest, Placement
from placements.services import placement_complete
from tests.workflow.conftest import login

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_it_refuses_to_complete_a_placement_before_its_start(running, owner):
    Placement.objects.filter(pk=running.pk).update(start_date=timezone.localdate() + datetime.timedelta(days=1))
    running.refresh_from_db()
    with pytest.raises(ValidationError, match="starts on"):
        placement_complete(placement=running, actor=owner)
    running.refresh_from_db()
    assert running.status == Placement.Status.RUNNING


def test_it_completes_a_placement_on_its_start_date(running, owner):
    assert placement_complete(placement=running, actor=owner).status == Placement.Status.COMPLETED


def test_it_asks_to_confirm_before_selecting(client, owner, interest, assignment):
    login(client, owner)
    page = client.get(f"/klussen/{assignment.code}/reacties/{interest.code}/").content.decode()
    form = page[page.index(f'action="/klussen/{assignment.code}/reacties/{interest.code}/selecteren/"') :]
    assert 'name="confirm"' in form[: form.index("</form>")]
    response = client.post(f"/klussen/{assignment.code}/reacties/{interest.code}/selecteren/", follow=True)
    assert "Tick the box" in " ".join(messages_of(response))
    interest.refresh_from_db()
    assert interest.status == Interest.Status.NEW
    assert not Placement.objects.exists()


def test_it_asks_to_confirm_before_completing(client, owner, running):
    login(client, owner)
    page = client.get(f"/klussen/plaatsingen/{running.code}/").content.decode()
    form = page[page.index(f'action="/klussen/plaatsingen/{running.code}/afronden/"') :]
    assert 'name="confirm"' in form[: form.index("</form>")]
    response = client.post(f"/klussen/plaatsingen/{running.code}/afronden/", follow=True)
    assert "Tick the box" in " ".join(messages_of(response))
    running.refresh_from_db()
    assert running.status == Placement.Status.RUNNING


def test_it_asks_to_confirm_before_cancelling_an_assignment(client, owner, assignment):
    login(client, owner)
    response = client.post(f"/klussen/{assignment.code}/annuleren/", {"reason": "Budget"}, follow=True)
    assert "Tick the box" in " ".join(messages_of(response))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN
