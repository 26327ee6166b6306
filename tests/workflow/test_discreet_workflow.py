"""Discreet mode in the workflow (issue 21 item 4): coordinators of a hidden organisation are no party.

``professional`` works at other_organisation (Breda); ``coordinator`` works at organisation
(Tilburg) and coordinates ``network``. The assignment is shared with ``network``.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from assignments.models import Assignment
from networks.models import Membership
from placements.services import placement_request_consent
from profiles.discreet import profile_set_discreet
from profiles.models import Profile
from tests import factories

pytestmark = pytest.mark.django_db


def interest_url(interest):
    return f"/klussen/{interest.assignment.code}/reacties/{interest.code}/"


@pytest.fixture
def shared(placement, network):
    placement.assignment.networks.add(network)
    Assignment.objects.filter(pk=placement.assignment.pk).update(audience=Assignment.Audience.NETWORKS)
    placement.assignment.refresh_from_db()
    return placement


@pytest.fixture
def breda_coordinator(other_organisation, network):
    user = factories.employee(other_organisation, user__email="coord@breda.nl")
    factories.MembershipFactory(user=user, network=network, role=Membership.Role.COORDINATOR)
    return user


def discreet(professional, *hide_from):
    profile = Profile.objects.get(user=professional)
    return profile_set_discreet(profile=profile, discreet=True, hidden_from=list(hide_from), actor=professional)


def opens(client, user, placement) -> tuple[int, int]:
    client.force_login(user)
    return (
        client.get(interest_url(placement.interest)).status_code,
        client.get(f"/klussen/plaatsingen/{placement.code}/").status_code,
    )


def test_a_coordinator_of_the_employer_does_not_follow_the_reaction_or_placement(
    client, shared, professional, breda_coordinator, coordinator
):
    assert opens(client, breda_coordinator, shared) == (200, 200)
    discreet(professional)
    assert opens(client, breda_coordinator, shared) == (404, 404)
    # A coordinator of an organisation the person does not hide from still follows it.
    assert opens(client, coordinator, shared) == (200, 200)


def test_a_coordinator_of_a_named_organisation_does_not_follow_it(
    client, shared, professional, coordinator, organisation
):
    discreet(professional, organisation)
    assert opens(client, coordinator, shared) == (404, 404)


def test_the_parties_still_see_it(client, shared, professional, owner, organisation, network):
    # The opdrachtgever works at an organisation the person hides from: a party all the same.
    factories.MembershipFactory(user=professional, network=network)
    discreet(professional, organisation)
    assert opens(client, owner, shared) == (200, 200)
    assert opens(client, professional, shared) == (200, 200)


def test_the_leidinggevende_still_answers_by_the_signed_link(
    client, shared, professional, other_organisation, django_capture_on_commit_callbacks
):
    discreet(professional)
    with django_capture_on_commit_callbacks(execute=True):
        placement_request_consent(placement=shared, actor=professional, manager_email="chef@breda.nl")
    (message,) = mail.outbox
    path = re.search(r"http\S+/klussen/toestemming/\S+/", message.body).group(0).removeprefix(settings.SITE_URL)
    # Also when the leidinggevende happens to be logged in with an account at the hidden employer.
    client.force_login(factories.employee(other_organisation, user__email="chef@breda.nl"))
    assert client.get(path).status_code == 302
    page = client.get("/klussen/toestemming/")
    assert page.status_code == 200
    assert "Sanne de Vries" in page.content.decode()
    response = client.post("/klussen/toestemming/", {"decision": "consent", "comment": "Prima"})
    assert response.status_code in (200, 302)
    shared.refresh_from_db()
    assert shared.consent_requests.get().decision == "consented"
