from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from assignments.models import Assignment
from placements.checklist import placement_signals
from placements.models import Placement
from placements.services import interest_select, placement_record_side_activity, placement_request_consent
from profiles.models import EngagementForm, FieldOfWork
from tests import factories

pytestmark = pytest.mark.django_db

POST_ACTIONS = [
    "leidinggevende",
    "nevenwerkzaamheden",
    "voorwaarden",
    "voorwaarden/bevestigen",
    "afronden",
    "annuleren",
    "referentie",
]


def url(placement, action=""):
    return f"/klussen/plaatsingen/{placement.code}/{action + '/' if action else ''}"


def last_message(response):
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def colours(placement):
    placement.refresh_from_db()
    return {s.key: s.colour for s in placement_signals(placement)}


# -- permissions -------------------------------------------------------------------------------


def test_it_sends_anonymous_to_login(client, placement):
    assert client.get(url(placement))["Location"].startswith("/accounts/login/")
    for action in POST_ACTIONS:
        assert client.post(url(placement, action))["Location"].startswith("/accounts/login/")


def test_it_answers_404_to_someone_not_involved(client, placement, outsider):
    client.force_login(outsider)
    assert client.get(url(placement)).status_code == 404
    for action in POST_ACTIONS:
        assert client.post(url(placement, action)).status_code == 404


def share_with(assignment, network):
    """Share the assignment with the network: its coordinator becomes a coordinator of the placement."""
    assignment.networks.add(network)
    Assignment.objects.filter(pk=assignment.pk).update(audience=Assignment.Audience.NETWORKS)


def test_it_lets_both_sides_and_the_coordinator_see_it(client, placement, owner, professional, coordinator, network):
    share_with(placement.assignment, network)
    factories.MembershipFactory(user=professional, network=network)
    for user in (owner, professional, coordinator):
        client.force_login(user)
        assert client.get(url(placement)).status_code == 200


def test_it_forbids_the_coordinator_to_act(client, placement, coordinator, network):
    share_with(placement.assignment, network)
    client.force_login(coordinator)
    for action in POST_ACTIONS:
        assert client.post(url(placement, action)).status_code == 403


def test_it_forbids_the_opdrachtgever_the_professionals_steps(client, placement, owner):
    client.force_login(owner)
    assert client.post(url(placement, "leidinggevende"), {"manager_email": "x@breda.nl"}).status_code == 403
    assert client.post(url(placement, "nevenwerkzaamheden"), {"side_activity": "reported"}).status_code == 403


def test_it_rejects_get(client, placement, professional):
    client.force_login(professional)
    for action in POST_ACTIONS:
        assert client.get(url(placement, action)).status_code == 405


# -- the checklist -----------------------------------------------------------------------------------


def test_it_shows_the_checklist_in_words_and_colour(client, placement, professional):
    assert colours(placement) == {
        "wants": "green",
        "possible": "grey",
        "fits": "amber",
        "manager": "grey",
        "klik": "grey",
    }
    placement_record_side_activity(placement=placement, actor=professional, value="not-yet")
    placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    assert colours(placement)["possible"] == "amber"
    assert colours(placement)["manager"] == "amber"
    client.force_login(professional)
    content = client.get(url(placement)).content.decode()
    assert "Does not meet every condition of the assignment." in content  # the profile takes no secondment
    assert "signal--amber" in content and "waiting for an answer" in content


def test_it_runs_only_when_everything_is_green(running):
    assert running.status == Placement.Status.RUNNING
    assert colours(running) == {
        "wants": "green",
        "possible": "green",
        "fits": "green",
        "manager": "green",
        "klik": "green",
    }


def test_the_fits_signal_shows_the_score_and_the_matched_content(client, interest, owner, professional):
    field = FieldOfWork.objects.create(name="Energie", slug="energie")
    assignment = interest.assignment
    assignment.field_of_work = field
    assignment.save(update_fields=["field_of_work"])
    profile = professional.profile
    profile.headline, profile.field_of_work = "Warmtetransitie in de wijk", field
    profile.save()
    profile.engagement_forms.set(EngagementForm.objects.filter(code=EngagementForm.Code.SECONDMENT))
    placement = interest_select(interest=interest, actor=owner)  # the match is recorded at selection
    profile.headline = "Iets anders"
    profile.save()
    [fits] = [s for s in placement_signals(placement) if s.key == "fits"]
    assert fits.words == "39 of 100"
    assert (
        fits.explanation == "words in common: warmtetransitie; same field: Energie; available 16 of the 16 hours asked"
    )
    assert fits.sources[0].startswith("Klusmarkt's match, ")
    client.force_login(professional)
    assert "words in common: warmtetransitie" in client.get(url(placement)).content.decode()


# -- invalid transitions are refused with a clear message -------------------------------------------


def test_it_refuses_to_complete_a_placement_being_arranged(client, placement, owner):
    client.force_login(owner)
    response = client.post(url(placement, "afronden"), {"confirm": "on"})
    assert last_message(response) == "A placement that is being arranged cannot become completed."
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PREPARING


def test_it_refuses_to_confirm_incomplete_terms(client, placement, owner):
    Placement.objects.filter(pk=placement.pk).update(engagement_form=None)
    client.force_login(owner)
    response = client.post(url(placement, "voorwaarden/bevestigen"))
    assert last_message(response) == "The terms are not complete yet: fill them in first."


def test_it_refuses_to_confirm_twice(client, placement, owner):
    client.force_login(owner)
    client.post(url(placement, "voorwaarden/bevestigen"))
    response = client.post(url(placement, "voorwaarden/bevestigen"))
    assert last_message(response) == "You have already confirmed these terms."


def test_it_asks_both_sides_again_after_the_terms_change(client, placement, owner, professional):
    client.force_login(owner)
    client.post(url(placement, "voorwaarden/bevestigen"))
    client.force_login(professional)
    data = {
        "engagement_form": EngagementForm.objects.get(code="secondment").pk,
        "hours_per_week": 10,
        "start_date": "2030-01-01",
        "end_date": "2030-06-30",
        "rate": "90",
    }
    assert client.post(url(placement, "voorwaarden"), data).status_code == 302
    placement.refresh_from_db()
    assert placement.terms_confirmed_by_client_at is None
    assert owner.notifications.filter(kind="assignments.placement.terms-proposed").exists()


def test_it_refuses_terms_without_rate_or_pro_bono(client, placement, professional):
    client.force_login(professional)
    data = {"engagement_form": EngagementForm.objects.first().pk, "hours_per_week": 10, "start_date": "2030-01-01"}
    response = client.post(url(placement, "voorwaarden"), data)
    assert response.status_code == 400
    assert b"Give a rate, or choose pro bono." in response.content


def test_it_refuses_to_change_terms_of_a_running_placement(client, running, owner):
    client.force_login(owner)
    data = {"engagement_form": EngagementForm.objects.first().pk, "hours_per_week": 4, "start_date": "2030-01-01"}
    response = client.post(url(running, "voorwaarden"), {**data, "pro_bono": "on"})
    assert response.status_code == 400
    assert b"This placement is running: this can only be done while it is being arranged." in response.content


def test_it_refuses_a_reference_before_completion(client, running, owner):
    client.force_login(owner)
    response = client.post(url(running, "referentie"), {"text": "Goed", "rating": 4})
    assert response.status_code == 400
    assert b"A reference can be given once the placement is completed." in response.content


def test_it_refuses_a_second_reference_from_the_same_side(client, completed, owner):
    client.force_login(owner)
    client.post(url(completed, "referentie"), {"text": "Goed", "rating": 4})
    response = client.post(url(completed, "referentie"), {"text": "Nog eens", "rating": 5})
    assert response.status_code == 400
    assert b"This reference has already been given." in response.content


def test_it_refuses_the_professionals_own_address_as_leidinggevende(client, placement, professional):
    client.force_login(professional)
    response = client.post(url(placement, "leidinggevende"), {"manager_email": professional.email})
    assert response.status_code == 400
    assert b"not your own" in response.content


def test_it_refuses_to_complete_twice(client, completed, professional):
    client.force_login(professional)
    response = client.post(url(completed, "afronden"), {"confirm": "on"})
    assert last_message(response) == "A placement that is completed cannot become completed."


def test_it_cancels_with_a_reason_and_opens_the_filled_assignment_again(client, placement, professional, owner):
    client.force_login(professional)
    assert client.post(url(placement, "annuleren"), {"reason": ""}).status_code == 400
    assert client.post(url(placement, "annuleren"), {"reason": "Toch geen tijd."}).status_code == 400
    assert client.post(url(placement, "annuleren"), {"reason": "Toch geen tijd.", "confirm": "on"}).status_code == 302
    placement.refresh_from_db()
    placement.assignment.refresh_from_db()
    assert placement.status == Placement.Status.CANCELLED
    assert placement.assignment.status == Assignment.Status.OPEN
    assert owner.notifications.filter(kind="assignments.placement.cancelled").exists()
    response = client.post(url(placement, "annuleren"), {"reason": "Nog eens", "confirm": "on"})
    assert b"A placement that is cancelled cannot become cancelled." in response.content


def test_it_completes_the_assignment_when_the_last_placement_completes(completed):
    completed.assignment.refresh_from_db()
    assert completed.assignment.status == Assignment.Status.COMPLETED
    assert completed.professional.notifications.filter(kind="assignments.placement.completed").exists()
