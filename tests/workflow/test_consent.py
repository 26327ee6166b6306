from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from marketplace.models import AuditEntry
from placements.models import ConsentRequest, Placement
from placements.services import consent_requests_sweep, placement_request_consent
from placements.services.consent import add_working_days, consent_token
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(placement, professional, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return placement_request_consent(placement=placement, actor=professional, manager_email="Chef@Breda.nl")


def link_path(message) -> str:
    return re.search(r"http\S+/klussen/toestemming/\S+/", message.body).group(0).removeprefix(settings.SITE_URL)


def answer(client, path, decision="consent", comment=""):
    assert client.get(path).status_code == 302
    return client.post("/klussen/toestemming/", {"decision": decision, "comment": comment})


def test_it_mails_the_leidinggevende_a_link_that_works_without_an_account(client, consent, placement):
    (message,) = mail.outbox
    assert message.to == ["chef@breda.nl"]
    response = client.get(link_path(message))
    assert response.status_code == 302
    assert response["Location"] == "/klussen/toestemming/"
    page = client.get("/klussen/toestemming/")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert placement.assignment.organisation.name in page.content.decode()


def test_it_stores_only_a_nonce_never_the_link(consent):
    assert consent_token(consent) not in str(ConsentRequest.objects.values().get(pk=consent.pk))
    assert not any(consent_token(consent) in str(e.data) for e in AuditEntry.objects.all())


def test_it_records_consent_and_tells_both_sides(client, consent, placement, owner, professional):
    response = answer(client, link_path(mail.outbox[0]), comment="Prima, succes!")
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.decision == ConsentRequest.Decision.CONSENTED
    assert consent.comment == "Prima, succes!"
    assert professional.notifications.filter(kind="assignments.placement.consent-given").exists()
    assert owner.notifications.filter(kind="assignments.placement.consent-given").exists()
    entry = AuditEntry.objects.get(action="assignments.placement.consent-consented")
    assert entry.actor is None and entry.note == "Prima, succes!"


def test_it_records_a_refusal_with_a_comment(client, consent, placement, professional):
    answer(client, link_path(mail.outbox[0]), decision="decline", comment="Niet in deze drukke periode.")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PREPARING
    notice = professional.notifications.get(kind="assignments.placement.consent-declined")
    assert "Niet in deze drukke periode." in notice.body


def test_it_refuses_a_tampered_link(client, consent):
    path = link_path(mail.outbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert b"This link is not valid." in response.content


def test_it_refuses_a_link_with_a_forged_nonce(client, consent):
    from django.core import signing

    forged = signing.dumps({"c": consent.pk, "n": "guess"}, salt="assignments.consent-request", compress=True)
    assert client.get(f"/klussen/toestemming/{forged}/").status_code == 404


def test_it_refuses_an_expired_link(client, consent):
    ConsentRequest.objects.filter(pk=consent.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(link_path(mail.outbox[0]))
    assert response.status_code == 410
    assert b"This link has expired." in response.content


def test_it_refuses_a_reused_link(client, consent):
    path = link_path(mail.outbox[0])
    answer(client, path)
    response = client.get(path)
    assert response.status_code == 410
    assert b"This link has already been used" in response.content
    other = client.__class__()
    assert other.get(path).status_code == 410


def test_it_refuses_a_second_answer_in_the_same_session(client, consent):
    path = link_path(mail.outbox[0])
    client.get(path)
    client.post("/klussen/toestemming/", {"decision": "consent"})
    response = client.post("/klussen/toestemming/", {"decision": "decline"})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.decision == ConsentRequest.Decision.CONSENTED


def test_it_refuses_the_answer_page_without_a_link(client):
    response = client.post("/klussen/toestemming/", {"decision": "consent"})
    assert response.status_code == 404
    assert b"This link is not valid." in response.content


def test_it_refuses_the_old_link_after_a_new_request(
    client, consent, placement, professional, django_capture_on_commit_callbacks
):
    old = link_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        placement_request_consent(placement=placement, actor=professional, manager_email="andere.chef@breda.nl")
    assert client.get(old).status_code == 410
    assert client.get(link_path(mail.outbox[1])).status_code == 302


def test_it_mails_in_the_language_of_a_known_leidinggevende(
    placement, professional, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="boss@breda.nl", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        consent = placement_request_consent(placement=placement, actor=professional, manager_email="boss@breda.nl")
    month_en = consent.expires_at.strftime("%B")
    assert month_en in mail.outbox[0].body


def test_it_counts_three_working_days():
    friday = datetime.datetime(2026, 11, 27, 10, 0)
    assert add_working_days(friday, 3) == datetime.datetime(2026, 12, 2, 10, 0)  # Wednesday


def test_it_reminds_once_after_three_working_days(consent, django_capture_on_commit_callbacks):
    friday = timezone.make_aware(datetime.datetime(2026, 11, 27, 10, 0))
    ConsentRequest.objects.filter(pk=consent.pk).update(
        created_at=friday, expires_at=friday + datetime.timedelta(days=14)
    )
    tuesday = friday + datetime.timedelta(days=4)
    assert consent_requests_sweep(now=tuesday)["reminded"] == 0
    wednesday = friday + datetime.timedelta(days=5, minutes=1)
    # The reminder leaves through the outbox, after commit.
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_requests_sweep(now=wednesday)["reminded"] == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Herinnering:")  # in the professional's language (Dutch)
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_requests_sweep(now=wednesday)["reminded"] == 0
    assert len(mail.outbox) == 2


def test_it_sends_a_request_that_was_never_queued(placement, professional, django_capture_on_commit_callbacks):
    # Without running the on-commit callback the email is never queued (a broker outage).
    consent = placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    ConsentRequest.objects.filter(pk=consent.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_requests_sweep()["unsent"] == 1
    assert [m.to for m in mail.outbox] == [["chef@breda.nl"]]


def test_it_keeps_the_title_of_an_internal_assignment_out_of_the_email_and_page(
    client, organisation, owner, django_capture_on_commit_callbacks
):
    from assignments.models import Assignment
    from placements.services import interest_create, interest_select

    assignment = factories.AssignmentFactory(
        title="Geheime reorganisatie",
        organisation=organisation,
        posted_by=owner,
        audience=Assignment.Audience.ORGANISATION,
    )
    colleague = factories.employee(organisation, user__email="collega@tilburg.nl")
    interest = interest_create(assignment=assignment, professional=colleague, motivation="Graag", availability="")
    placement = interest_select(interest=interest, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        placement_request_consent(placement=placement, actor=colleague, manager_email="chef@tilburg.nl")
    (message,) = mail.outbox
    assert "Geheime reorganisatie" not in message.body + message.subject + message.alternatives[0][0]
    client.get(link_path(message))
    page = client.get("/klussen/toestemming/").content.decode()
    assert "Geheime reorganisatie" not in page
    assert organisation.name in page


def test_it_rejects_post_on_the_link(client, consent):
    assert client.post(link_path(mail.outbox[0])).status_code == 405


def test_a_consent_request_whose_smtp_send_fails_stays_in_the_outbox(
    placement, professional, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    from marketplace.models import Notification

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    queued = Notification.objects.get(email_to="chef@breda.nl", kind="placements.consent-request")
    assert queued.email_status == Notification.EmailStatus.PENDING
    assert mail.outbox == []
