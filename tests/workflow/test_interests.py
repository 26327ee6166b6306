from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from assignments.models import Assignment
from placements.models import Interest, Placement
from placements.services import interest_create, interest_decline, interest_withdraw
from tests import factories

pytestmark = pytest.mark.django_db

ACTIONS = ["shortlist", "afwijzen", "kennismaking", "selecteren"]


def url(interest, action=""):
    return f"/klussen/{interest.assignment.code}/reacties/{interest.code}/{action + '/' if action else ''}"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# -- permissions -------------------------------------------------------------------------------


def test_it_sends_anonymous_to_login(client, interest):
    for path in [url(interest), *(url(interest, a) for a in [*ACTIONS, "intrekken"])]:
        response = client.post(path) if path != url(interest) else client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_answers_404_to_someone_not_involved(client, interest, outsider):
    client.force_login(outsider)
    assert client.get(url(interest)).status_code == 404
    for action in [*ACTIONS, "intrekken"]:
        assert client.post(url(interest, action)).status_code == 404
    interest.refresh_from_db()
    assert interest.status == Interest.Status.NEW


def test_it_answers_404_when_the_assignment_is_invisible(client, internal_assignment, owner, outsider):
    # The professional reacted while allowed; the outsider cannot see the assignment at all.
    client.force_login(outsider)
    assert client.get(f"/klussen/{internal_assignment.code}/reacties/").status_code == 404


def test_it_forbids_the_professional_the_opdrachtgevers_actions(client, interest, professional):
    client.force_login(professional)
    assert client.get(url(interest)).status_code == 200
    for action in ACTIONS:
        assert client.post(url(interest, action)).status_code == 403
    assert client.get(f"/klussen/{interest.assignment.code}/reacties/").status_code == 403


def test_it_forbids_the_owner_to_withdraw(client, interest, owner):
    client.force_login(owner)
    assert client.post(url(interest, "intrekken")).status_code == 403


def test_it_shows_the_history_to_the_networks_coordinator_but_lets_them_not_act(
    client, interest, owner, coordinator, network
):
    interest.assignment.networks.add(network)
    Assignment.objects.filter(pk=interest.assignment.pk).update(audience=Assignment.Audience.NETWORKS)
    interest_decline(interest=interest, actor=owner, reason="Te weinig ervaring met warmte.")
    client.force_login(coordinator)
    response = client.get(url(interest))
    assert response.status_code == 200
    assert b"assignments.interest.declined" in response.content
    assert client.post(url(interest, "shortlist")).status_code == 403


def test_it_rejects_get(client, interest, owner, professional):
    client.force_login(owner)
    for action in ACTIONS:
        assert client.get(url(interest, action)).status_code == 405
    client.force_login(professional)
    assert client.get(url(interest, "intrekken")).status_code == 405


# -- working through reactions ---------------------------------------------------------------------


def test_it_declines_with_a_reason_and_tells_the_professional(client, interest, owner, professional):
    client.force_login(owner)
    response = client.post(url(interest, "afwijzen"), {"reason": "We kozen iemand met meer ervaring."})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == Interest.Status.DECLINED
    notice = professional.notifications.get(kind="assignments.interest.declined")
    assert "We kozen iemand met meer ervaring." in notice.body
    assert "Bedankt voor je reactie" in notice.body  # told in their own language (Dutch)


def test_it_requires_a_reason_to_decline(client, interest, owner):
    client.force_login(owner)
    response = client.post(url(interest, "afwijzen"), {"reason": ""})
    assert response.status_code == 400
    interest.refresh_from_db()
    assert interest.status == Interest.Status.NEW


def test_it_refuses_invalid_transitions_with_a_clear_message(client, interest, owner, professional):
    interest_withdraw(interest=interest, actor=professional)
    client.force_login(owner)
    response = client.post(url(interest, "shortlist"))
    assert response.status_code == 302
    assert messages_of(response) == ["A reaction that is withdrawn cannot become shortlisted."]
    response = client.post(url(interest, "selecteren"), {"confirm": "on"})
    assert messages_of(response)[-1] == "A reaction that is withdrawn cannot become selected."
    assert not Placement.objects.exists()


def test_it_refuses_to_withdraw_a_selected_reaction(client, placement, professional):
    client.force_login(professional)
    response = client.post(url(placement.interest, "intrekken"))
    assert messages_of(response) == ["You were selected: cancel the placement instead of withdrawing."]


def test_it_tells_everyone_not_selected_when_the_places_are_filled(client, assignment, interest, owner):
    others = [factories.employee(factories.OrganisationFactory()) for _ in range(2)]
    other_interests = [
        interest_create(assignment=assignment, professional=o, motivation="Graag", availability="") for o in others
    ]
    client.force_login(owner)
    client.post(url(interest, "selecteren"), {"confirm": "on"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED
    for other, other_interest in zip(others, other_interests, strict=True):
        other_interest.refresh_from_db()
        assert other_interest.status == Interest.Status.NOT_SELECTED
        assert other.notifications.filter(kind="assignments.interest.not-selected").count() == 1
    response = client.post(url(other_interests[0], "selecteren"), {"confirm": "on"})
    assert messages_of(response)[-1] == "This assignment is filled: its reactions can no longer be changed."


def test_it_keeps_the_assignment_open_while_places_remain(client, assignment, interest, owner):
    Assignment.objects.filter(pk=assignment.pk).update(places=2)
    client.force_login(owner)
    client.post(url(interest, "selecteren"), {"confirm": "on"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN


def _introduction(client, interest, **extra):
    when = datetime.date(timezone.localdate().year + 1, 3, 2)
    data = {"date": when.isoformat(), "time": "14:30", "duration_minutes": 60, **extra}
    return client.post(url(interest, "kennismaking"), data)


def test_it_plans_an_introduction_with_an_ics_in_each_persons_language(
    client, interest, owner, professional, django_capture_on_commit_callbacks
):
    professional.language = "en"
    professional.save(update_fields=["language"])
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _introduction(client, interest, video_url="https://meet.example.nl/abc")
    assert response.status_code == 302
    to_professional = next(m for m in mail.outbox if m.to == [professional.email])
    to_owner = next(m for m in mail.outbox if m.to == [owner.email])
    assert "March" in to_professional.body
    assert "maart" in to_owner.body
    filename, content, mimetype = to_professional.attachments[0]
    assert (filename, mimetype) == ("kennismaking.ics", "text/calendar")
    assert "DTSTART:" in content and "https://meet.example.nl/abc" in content


def test_it_requires_a_place_or_a_video_link(client, interest, owner):
    client.force_login(owner)
    response = _introduction(client, interest)
    assert response.status_code == 400
    assert b"Give a place or a video link." in response.content


def test_it_refuses_an_introduction_in_the_past(client, interest, owner):
    client.force_login(owner)
    response = client.post(
        url(interest, "kennismaking"),
        {"date": "2020-01-01", "time": "10:00", "duration_minutes": 30, "location": "Stadhuis"},
    )
    assert response.status_code == 400
    assert b"Choose a moment in the future." in response.content
