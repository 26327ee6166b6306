"""The agreement on paper: the draft secondment agreement or assignment confirmation as a PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from placements import services
from placements.models import ConsentRequest
from profiles.models import EngagementForm
from tests import factories
from tests.workflow.pdf_text import pdf_text
from tests.workflow.test_placements import share_with

pytestmark = pytest.mark.django_db


def url(placement):
    return f"/klussen/plaatsingen/{placement.code}/overeenkomst/"


def agree(placement, owner, professional, *, form=EngagementForm.Code.SECONDMENT, rate=Decimal("95.00")):
    services.placement_set_terms(
        placement=placement,
        actor=owner,
        engagement_form=EngagementForm.objects.get(code=form),
        hours_per_week=12,
        start_date=datetime.date(2030, 2, 1),
        end_date=datetime.date(2030, 6, 30),
        rate=rate,
        pro_bono=rate is None,
    )
    consent = services.placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    services.consent_decide(consent=ConsentRequest.objects.get(pk=consent.pk), consented=True)
    return placement


def download(client, user, placement, language="nl"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(url(placement), HTTP_ACCEPT_LANGUAGE=language)


def words(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def test_it_writes_the_draft_secondment_agreement_in_dutch(client, placement, owner, professional):
    agree(placement, owner, professional)
    response = download(client, professional, placement)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="detacheringsovereenkomst-')
    text = words(response)
    with override("nl"):
        today = date_format(timezone.localdate(), "j F Y")
    assert "Concept-detacheringsovereenkomst" in text
    assert "Uitlenende organisatie (werkgever) Gemeente Breda" in text
    assert (
        f"Inlenende organisatie (opdrachtgever) Gemeente Tilburg, vertegenwoordigd door {owner.get_full_name()}" in text
    )
    assert "Gedetacheerde medewerker Sanne de Vries" in text
    assert "Periode van 1 februari 2030 tot en met 30 juni 2030" in text
    assert "Uren per week 12" in text
    assert "€ 95,00 per uur, exclusief btw" in text
    assert f"Instemming van de leidinggevende gegeven op {today}" in text
    assert "Projectleider warmtetransitie" in text


def test_it_writes_an_assignment_confirmation_for_pro_bono_in_english(client, placement, owner, professional):
    agree(placement, owner, professional, form=EngagementForm.Code.PRO_BONO, rate=None)
    response = download(client, owner, placement, language="en")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="assignment-confirmation-')
    text = words(response)
    assert "Draft assignment confirmation (opdrachtbevestiging)" in text
    assert "Opdrachtnemer Sanne de Vries" in text
    assert "Period from 1 February 2030 to 30 June 2030" in text
    assert "Hours a week 12" in text
    assert "Compensation Pro bono (belangeloos): no fee" in text
    assert "Consent of the leidinggevende given on" in text
    assert "€" not in text


def test_only_the_parties_and_staff_may_download_it(
    client, placement, owner, professional, outsider, coordinator, network
):
    agree(placement, owner, professional)
    share_with(placement.assignment, network)
    factories.MembershipFactory(user=professional, network=network)
    assert client.get(url(placement))["Location"].startswith("/accounts/login/")
    assert download(client, owner, placement).status_code == 200
    assert download(client, professional, placement).status_code == 200
    # The coordinator may follow the placement, but the paper is the parties' own.
    assert client.get(f"/klussen/plaatsingen/{placement.code}/").status_code == 200
    assert download(client, coordinator, placement).status_code == 404
    assert download(client, outsider, placement).status_code == 404
    staff = factories.UserFactory(is_staff=True)
    assert download(client, staff, placement).status_code == 404  # staff, but not allowed to view placements
    staff.user_permissions.add(Permission.objects.get(codename="view_placement"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert download(client, staff, placement).status_code == 200


def test_it_is_there_once_the_terms_are_and_linked_from_the_placement(client, placement, owner, professional):
    placement.engagement_form = None
    placement.save(update_fields=["engagement_form"])
    assert download(client, professional, placement).status_code == 404
    assert "/overeenkomst/" not in client.get(f"/klussen/plaatsingen/{placement.code}/").content.decode()
    agree(placement, owner, professional)
    page = client.get(f"/klussen/plaatsingen/{placement.code}/").content.decode()
    assert f'href="{url(placement)}"' in page
    assert "Download de concept-detacheringsovereenkomst (pdf)" in page
