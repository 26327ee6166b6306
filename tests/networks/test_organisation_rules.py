"""An organisation's page of what is possible beside one's job, kept by its HR contacts."""

from __future__ import annotations

import pytest

from marketplace.models import AuditEntry
from networks.models import OrganisationRules
from tests import factories

pytestmark = pytest.mark.django_db

RULES = {
    "secondment": "Detachering kan tot 12 maanden, in overleg met je leidinggevende.",
    "leave": "Onbetaald verlof tot 6 maanden voor een klus bij een andere overheid.",
    "side_activities": "Meld nevenwerkzaamheden vooraf via het HR-portaal.",
    "working_hours": "Maximaal 8 uur per week binnen je eigen uren.",
    "contact": "HR-adviesteam, hr@tilburg.nl",
    "regulation_url": "https://lokaleregelgeving.overheid.nl/CVDR123456",
}


@pytest.fixture
def hr_contact(organisation):
    user = factories.employee(organisation, user__email="hr@tilburg.nl")
    organisation.hr_contacts.add(user)
    return user


def test_it_shows_the_rules_to_everyone(client, organisation, hr_contact):
    OrganisationRules.objects.create(organisation=organisation, **RULES)
    response = client.get("/netwerken/organisaties/gemeente-tilburg/regels/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert "Maximaal 8 uur per week" in response.text
    assert 'href="https://lokaleregelgeving.overheid.nl/CVDR123456"' in response.text
    assert "/regels/bewerken/" not in response.text


def test_it_says_so_when_nothing_is_described_yet(client, organisation):
    response = client.get("/netwerken/organisaties/gemeente-tilburg/regels/")
    assert response.status_code == 200
    assert "has not described its rules here yet" in response.text


def test_it_answers_404_for_an_unknown_organisation(client):
    assert client.get("/netwerken/organisaties/bestaat-niet/regels/").status_code == 404


def test_the_hr_contact_edits_the_page_and_the_change_is_recorded(client, organisation, hr_contact):
    client.force_login(hr_contact)
    page = client.get("/netwerken/organisaties/gemeente-tilburg/regels/")
    assert "/netwerken/organisaties/gemeente-tilburg/regels/bewerken/" in page.text
    response = client.post("/netwerken/organisaties/gemeente-tilburg/regels/bewerken/", RULES)
    assert response.status_code == 302
    rules = OrganisationRules.objects.get(organisation=organisation)
    assert rules.working_hours == RULES["working_hours"] and rules.updated_by == hr_contact
    entry = AuditEntry.objects.get(action="networks.organisation.rules_edited")
    assert entry.actor == hr_contact and "working_hours" in entry.data["fields"]
    # Saving it again unchanged changes nothing and records nothing.
    client.post("/netwerken/organisaties/gemeente-tilburg/regels/bewerken/", RULES)
    assert OrganisationRules.objects.get().secondment == RULES["secondment"]
    assert AuditEntry.objects.filter(action="networks.organisation.rules_edited").count() == 1


def test_it_keeps_what_was_typed_when_the_link_is_not_a_link(client, organisation, hr_contact):
    client.force_login(hr_contact)
    response = client.post(
        "/netwerken/organisaties/gemeente-tilburg/regels/bewerken/", {**RULES, "regulation_url": "geen link"}
    )
    assert response.status_code == 200
    assert "Maximaal 8 uur per week" in response.text
    assert not OrganisationRules.objects.exists()


@pytest.mark.parametrize("who", ["owner", "coordinator", "outsider"])
def test_only_the_organisations_hr_contacts_may_edit(client, request, who, organisation, hr_contact):
    """An employee or a coordinator sees the page (public) but may not edit it: 403."""
    client.force_login(request.getfixturevalue(who))
    assert client.get("/netwerken/organisaties/gemeente-tilburg/regels/bewerken/").status_code == 403
    assert client.post("/netwerken/organisaties/gemeente-tilburg/regels/bewerken/", RULES).status_code == 403


def test_an_hr_contact_of_another_organisation_may_not_edit(client, organisation, other_organisation):
    other_hr = factories.employee(other_organisation, user__email="hr@breda.nl")
    other_organisation.hr_contacts.add(other_hr)
    client.force_login(other_hr)
    assert client.get("/netwerken/organisaties/gemeente-tilburg/regels/bewerken/").status_code == 403


def test_a_civil_servant_finds_their_employers_page_from_the_dashboard(client, owner, organisation):
    client.force_login(owner)
    dashboard = client.get("/mijn/")
    assert "/netwerken/organisaties/mijn-werkgever/" in dashboard.text
    response = client.get("/netwerken/organisaties/mijn-werkgever/")
    assert response.status_code == 302 and response["Location"].endswith("/organisaties/gemeente-tilburg/regels/")


def test_someone_without_an_employer_has_no_employers_page(client, visitor):
    client.force_login(visitor)
    assert "/netwerken/organisaties/mijn-werkgever/" not in client.get("/mijn/").text
    assert client.get("/netwerken/organisaties/mijn-werkgever/").status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(client, organisation, hr_contact, django_assert_max_num_queries):
    OrganisationRules.objects.create(organisation=organisation, **RULES)
    client.force_login(hr_contact)
    with django_assert_max_num_queries(9):
        assert client.get("/netwerken/organisaties/gemeente-tilburg/regels/").status_code == 200
