from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from assignments.models import Assignment
from placements.models import Reference
from placements.services import reference_give
from profiles.models import PortfolioEntry, Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(completed, owner):
    return reference_give(placement=completed, actor=owner, text="Zeer betrokken en snel ingewerkt.", rating=5)


def test_it_puts_the_reference_on_the_portfolio_only_once_accepted(client, reference, professional):
    entry = PortfolioEntry.objects.get(placement_code=reference.placement.code)
    assert (entry.is_accepted, entry.reference_rating, entry.reference_text) == (
        False,
        5,
        "Zeer betrokken en snel ingewerkt.",
    )
    client.force_login(professional)
    assert client.post(f"/klussen/referenties/{reference.code}/accepteren/").status_code == 302
    entry.refresh_from_db()
    assert entry.is_accepted is True
    response = client.post(f"/klussen/referenties/{reference.code}/accepteren/")
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "This reference is already on your portfolio."


def test_it_lets_no_one_else_accept_it(client, reference, owner, outsider):
    for user in (owner, outsider):
        client.force_login(user)
        assert client.post(f"/klussen/referenties/{reference.code}/accepteren/").status_code == 404
    assert PortfolioEntry.objects.get().is_accepted is False


def test_it_rejects_get_on_accept(client, reference, professional):
    client.force_login(professional)
    assert client.get(f"/klussen/referenties/{reference.code}/accepteren/").status_code == 405


def test_it_asks_for_a_profile_first(client, completed, owner, professional):
    Profile.objects.filter(user=professional).delete()
    reference = reference_give(placement=completed, actor=owner, text="Goed", rating=4)
    client.force_login(professional)
    response = client.post(f"/klussen/referenties/{reference.code}/accepteren/")
    assert "Create your profile first" in [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_it_shows_the_reference_page_to_anyone_with_its_link(client, reference):
    response = client.get(f"/klussen/referenties/{reference.code}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Zeer betrokken en snel ingewerkt." in content
    assert f"/klussen/referenties/{reference.code}/" in content
    assert "Projectleider warmtetransitie" in content  # a public assignment's title may show


def test_it_hides_the_title_of_an_internal_assignment_on_the_reference_page(client, reference):
    Assignment.objects.filter(pk=reference.placement.assignment_id).update(audience=Assignment.Audience.ORGANISATION)
    content = client.get(f"/klussen/referenties/{reference.code}/").content.decode()
    assert "Projectleider warmtetransitie" not in content
    assert "Zeer betrokken en snel ingewerkt." in content


def test_it_does_not_publish_the_reference_about_the_opdrachtgever(client, completed, professional):
    reference = reference_give(placement=completed, actor=professional, text="Fijn", rating=4)
    assert reference.direction == Reference.Direction.ABOUT_CLIENT
    assert client.get(f"/klussen/referenties/{reference.code}/").status_code == 404
    assert not PortfolioEntry.objects.exists()


def test_it_answers_404_for_an_unknown_reference(client):
    assert client.get("/klussen/referenties/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_refuses_a_rating_outside_1_to_5(client, completed, owner):
    client.force_login(owner)
    response = client.post(f"/klussen/plaatsingen/{completed.code}/referentie/", {"text": "Goed", "rating": 7})
    assert response.status_code == 400
    assert not Reference.objects.exists()


@pytest.mark.parametrize("audience", ["platform", "networks", "organisation"])
def test_it_keeps_a_non_public_title_off_the_portfolio(completed, owner, audience):
    Assignment.objects.filter(pk=completed.assignment_id).update(audience=audience)
    completed.assignment.refresh_from_db()
    reference_give(placement=completed, actor=owner, text="Goed", rating=4)
    entry = PortfolioEntry.objects.get(placement_code=completed.code)
    assert completed.assignment.title not in entry.title
    assert entry.organisation_name == completed.assignment.organisation.name
    assert entry.title == (
        f"Assignment in {completed.assignment.field_of_work.name}"
        if completed.assignment.field_of_work_id
        else "Assignment"
    )


def test_it_shows_a_non_public_title_when_the_opdrachtgever_agrees(completed, owner):
    Assignment.objects.filter(pk=completed.assignment_id).update(audience="organisation")
    completed.assignment.refresh_from_db()
    reference_give(placement=completed, actor=owner, text="Goed", rating=4, share_title=True)
    assert PortfolioEntry.objects.get(placement_code=completed.code).title == completed.assignment.title


def test_it_offers_the_title_consent_to_the_opdrachtgever_of_a_non_public_assignment(
    client, completed, owner, professional
):
    Assignment.objects.filter(pk=completed.assignment_id).update(audience="organisation")
    client.force_login(owner)
    assert 'name="share_title"' in client.get(f"/klussen/plaatsingen/{completed.code}/").content.decode()
    response = client.post(
        f"/klussen/plaatsingen/{completed.code}/referentie/", {"text": "Goed", "rating": "4", "share_title": "on"}
    )
    assert response.status_code == 302
    assert PortfolioEntry.objects.get(placement_code=completed.code).title == completed.assignment.title
    client.force_login(professional)
    assert 'name="share_title"' not in client.get(f"/klussen/plaatsingen/{completed.code}/").content.decode()


def test_a_professionals_consent_does_not_count(completed, professional):
    Assignment.objects.filter(pk=completed.assignment_id).update(audience="organisation")
    reference = reference_give(placement=completed, actor=professional, text="Fijn", rating=5, share_title=True)
    assert reference.title_shared is False
