"""The whole workflow through the views: from an open assignment to a reference on the portfolio."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from assignments.models import Assignment
from marketplace.models import AuditEntry
from placements.models import Interest, Placement
from profiles.models import EngagementForm, PortfolioEntry

pytestmark = pytest.mark.django_db


def test_it_runs_from_reaction_to_reference_on_the_portfolio(
    client, owner, professional, assignment, django_capture_on_commit_callbacks
):
    base = f"/klussen/{assignment.code}"

    # The professional reacts.
    client.force_login(professional)
    response = client.post(f"{base}/reageren/", {"motivation": "Ik wil dit graag.", "availability": "Per maart"})
    interest = Interest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{base}/reacties/{interest.code}/"
    assert owner.notifications.filter(kind="assignments.interest.new").exists()

    # The opdrachtgever shortlists, plans an introduction and selects.
    client.force_login(owner)
    assert client.get(f"{base}/reacties/").status_code == 200
    assert client.post(f"{base}/reacties/{interest.code}/shortlist/").status_code == 302
    when = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        f"{base}/reacties/{interest.code}/kennismaking/",
        {"date": when.date().isoformat(), "time": "10:00", "duration_minutes": 45, "location": "Stadhuis Tilburg"},
    )
    assert response.status_code == 302
    invitation = professional.notifications.get(kind="assignments.introduction.planned")
    assert invitation.attachments[0]["filename"] == "kennismaking.ics"
    assert "BEGIN:VEVENT" in invitation.attachments[0]["content"]
    response = client.post(f"{base}/reacties/{interest.code}/selecteren/", {"confirm": "on"})
    placement = Placement.objects.get()
    assert response["Location"] == f"/klussen/plaatsingen/{placement.code}/"
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED

    # The professional names the leidinggevende and records the side activity.
    client.force_login(professional)
    pbase = f"/klussen/plaatsingen/{placement.code}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{pbase}/leidinggevende/", {"manager_email": "chef@breda.nl"})
    assert response.status_code == 302
    consent_mail = next(m for m in mail.outbox if m.to == ["chef@breda.nl"])
    link = re.search(r"http://[^\s]+/klussen/toestemming/[^\s]+/", consent_mail.body).group(0)
    assert client.post(f"{pbase}/nevenwerkzaamheden/", {"side_activity": "reported"}).status_code == 302

    # The leidinggevende agrees, without an account.
    manager = client.__class__()
    response = manager.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302
    assert response["Location"] == "/klussen/toestemming/"
    assert b"Sanne de Vries" in manager.get("/klussen/toestemming/").content
    response = manager.post("/klussen/toestemming/", {"decision": "consent", "comment": "Veel succes!"})
    assert response.status_code == 200

    # After the introduction: the professional has read their employer's rules and says there is
    # a klik; the opdrachtgever judges the fit and says so too, each for themselves.
    interest.introductions.update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.post(f"{pbase}/regels-gelezen/", {"rules_read": "on"}).status_code == 302
    assert client.post(f"{pbase}/klik/", {"klik": "yes"}).status_code == 302
    client.force_login(owner)
    assert "say whether there is a klik" in client.get(f"{pbase}/").content.decode()
    assert client.post(f"{pbase}/past/", {"fits": "yes", "fits_note": "Precies wat we zoeken."}).status_code == 302
    assert client.post(f"{pbase}/klik/", {"klik": "yes"}).status_code == 302
    client.force_login(professional)

    # Both sides agree the terms; the placement runs.
    secondment = EngagementForm.objects.get(code=EngagementForm.Code.SECONDMENT).pk
    terms = {
        "engagement_form": secondment,
        "hours_per_week": 12,
        # It starts today, so that it can be completed below (not before its start).
        "start_date": timezone.localdate().isoformat(),
        "end_date": assignment.end_date.isoformat(),
        "rate": "95.00",
    }
    assert client.post(f"{pbase}/voorwaarden/", terms).status_code == 302
    assert client.post(f"{pbase}/voorwaarden/bevestigen/").status_code == 302
    client.force_login(owner)
    assert client.post(f"{pbase}/voorwaarden/bevestigen/").status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.RUNNING
    page = client.get(f"{pbase}/")
    assert page.status_code == 200
    assert b'data-signal="manager"' in page.content

    # The opdrachtgever marks it completed and gives a reference.
    assert client.post(f"{pbase}/afronden/", {"confirm": "on"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.COMPLETED
    response = client.post(f"{pbase}/referentie/", {"text": "Uitstekend werk.", "rating": 5})
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get(placement_code=placement.code)
    assert entry.is_accepted is False

    # The professional gives theirs, and accepts the reference onto the portfolio.
    client.force_login(professional)
    assert client.post(f"{pbase}/referentie/", {"text": "Fijne opdrachtgever.", "rating": 4}).status_code == 302
    reference = placement.references.get(direction="about-professional")
    assert client.post(f"/klussen/referenties/{reference.code}/accepteren/").status_code == 302
    entry.refresh_from_db()
    assert entry.is_accepted is True
    assert entry.reference_text == "Uitstekend werk."

    # The reference page is public and the history shows every step.
    assert b"Uitstekend werk." in client.__class__().get(f"/klussen/referenties/{reference.code}/").content
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "assignments.interest.new",
        "assignments.interest.shortlisted",
        "assignments.interest.introduction",
        "assignments.interest.selected",
        "assignments.placement.preparing",
        "assignments.placement.consent-requested",
        "assignments.placement.consent-consented",
        "assignments.placement.running",
        "assignments.placement.completed",
        "assignments.reference.given",
        "assignments.reference.accepted",
    } <= actions
    history = client.get(f"{base}/reacties/{interest.code}/")
    assert b"assignments.placement.completed" in history.content
