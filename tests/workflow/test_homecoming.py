"""Issue 21 item 6: what the placement brought home (learning record, home feedback, anonymised summaries)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from assignments.models import Assignment
from marketplace.models import AuditEntry
from placements.learning import HomeFeedbackRequest, LearningRecord
from placements.models import ConsentRequest, Interest, Placement
from placements.services.homecoming import home_feedback_sweep, learning_record_save
from placements.summaries import MIN_GROUP, Period, closed_periods
from tests import factories
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

LEARNING = {"learned": "Visie op de warmtetransitie.", "brings_back": "Contacten bij de provincie.", "again": "yes"}


@pytest.fixture
def done(running, owner, django_capture_on_commit_callbacks):
    from placements.services import placement_complete

    with django_capture_on_commit_callbacks(execute=True):
        placement_complete(placement=running, actor=owner)
    running.refresh_from_db()
    return running


def link_path(message) -> str:
    return re.search(r"http\S+/klussen/thuisbasis/\S+/", message.body).group(0).removeprefix(settings.SITE_URL)


def home_emails():
    return [m for m in mail.outbox if "/klussen/thuisbasis/" in m.body]


def test_completion_asks_the_leidinggevende_who_consented(done):
    request = HomeFeedbackRequest.objects.get(placement=done)
    assert request.manager_email == "chef@breda.nl"
    assert request.organisation.slug == "gemeente-breda"
    (message,) = home_emails()
    assert message.to == ["chef@breda.nl"]
    assert "Sanne de Vries" in message.subject
    assert AuditEntry.objects.filter(action="placements.home-feedback.requested", target_id=str(done.pk)).exists()


def test_it_stores_only_the_hash_of_the_links_nonce(done):
    path = link_path(home_emails()[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    stored = str(HomeFeedbackRequest.objects.values().get(placement=done))
    assert token not in stored
    from django.core import signing

    nonce = signing.loads(token, salt="placements.home-feedback")["n"]
    assert nonce not in stored and nonce not in str(list(AuditEntry.objects.values("data", "note")))


def test_the_leidinggevende_answers_without_an_account_once(client, done, professional):
    path = link_path(home_emails()[0])
    assert client.get(path)["Location"] == "/klussen/thuisbasis/"
    page = client.get("/klussen/thuisbasis/", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200 and "Wat de plaatsing voor je team betekende" in page.content.decode()
    response = client.post(
        "/klussen/thuisbasis/",
        {"effect": "strengthened", "themes": ["network", "vision"], "support_again": "yes", "comment": "Goed!"},
    )
    assert response.status_code == 200
    request = HomeFeedbackRequest.objects.get(placement=done)
    assert (request.status, request.themes, request.comment) == ("answered", ["network", "vision"], "Goed!")
    assert professional.notifications.filter(kind="assignments.placement.home-feedback-answered").exists()
    assert client.get(path).status_code == 410  # used up
    assert client.get("/klussen/thuisbasis/").status_code == 404  # the session no longer holds it


def test_a_broken_or_missing_link_is_refused(client, done):
    assert client.get("/klussen/thuisbasis/nietsnut/").status_code == 404
    assert client.post("/klussen/thuisbasis/", {"effect": "neutral", "support_again": "no"}).status_code == 404


def test_the_answer_needs_its_choices_next_to_the_fields(client, done):
    client.get(link_path(home_emails()[0]))
    response = client.post("/klussen/thuisbasis/", {"comment": "Weet niet"})
    assert response.status_code == 400
    assert 'name="effect" value="neutral" required aria-invalid="true"' in response.content.decode()
    assert HomeFeedbackRequest.objects.get(placement=done).status == "pending"


def test_the_professional_records_what_they_learned_once(client, done, professional, owner):
    client.force_login(professional)
    page = client.get(f"/klussen/plaatsingen/{done.code}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Wat de plaatsing thuis opleverde" in page.content.decode()
    url = f"/klussen/plaatsingen/{done.code}/opbrengst/"
    response = client.post(url, {**LEARNING, "themes": ["vision", "network"]})
    assert response.status_code == 302
    record = LearningRecord.objects.get(placement=done)
    assert record.themes == ["network", "vision"] and record.organisation.slug == "gemeente-breda"
    assert client.post(url, {**LEARNING, "learned": "Nog eens"}).status_code == 400  # given once
    assert LearningRecord.objects.get(placement=done).learned == LEARNING["learned"]
    assert AuditEntry.objects.filter(action="placements.learning.recorded").count() == 1
    # The text is the professional's own: the opdrachtgever does not see it.
    client.force_login(owner)
    assert LEARNING["learned"] not in client.get(f"/klussen/plaatsingen/{done.code}/").content.decode()
    assert client.post(url, LEARNING).status_code == 403


def test_nothing_is_recorded_before_completion(client, running, professional):
    client.force_login(professional)
    client.post(f"/klussen/plaatsingen/{running.code}/opbrengst/", LEARNING)
    assert not LearningRecord.objects.exists()
    with pytest.raises(Exception, match=r"(completed|afgerond)"):
        learning_record_save(placement=running, actor=professional, themes=[], **LEARNING)


def test_the_professional_may_ask_another_leidinggevende(
    client, done, professional, django_capture_on_commit_callbacks
):
    first = link_path(home_emails()[0])
    client.force_login(professional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/klussen/plaatsingen/{done.code}/opbrengst/leidinggevende/", {"manager_email": "nieuw@breda.nl"}
        )
    assert response.status_code == 302
    assert home_emails()[-1].to == ["nieuw@breda.nl"]
    assert client.get(first).status_code == 410  # the replaced request's link no longer works
    own = client.post(f"/klussen/plaatsingen/{done.code}/opbrengst/leidinggevende/", {"manager_email": "pro@breda.nl"})
    assert own.status_code == 400


def test_it_reminds_once_after_a_week_with_a_fresh_link(client, done, django_capture_on_commit_callbacks):
    first = link_path(home_emails()[0])
    later = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert home_feedback_sweep(now=later) == 1
        assert home_feedback_sweep(now=later) == 0
    reminder = home_emails()[-1]
    assert reminder.subject.startswith(("Herinnering", "Reminder"))
    assert client.get(first).status_code == 404
    assert client.get(link_path(reminder)).status_code == 302


# -- the anonymised summaries ----------------------------------------------------------------------------


def _answers(organisation, network, count, period: Period, *, names=("Geheim",)):
    """``count`` completed placements of ``organisation``'s people, each with both answers in ``period``."""
    poster = factories.employee(factories.OrganisationFactory())
    moment = period.start + datetime.timedelta(days=10)
    for i in range(count):
        person = factories.employee(organisation, user__full_name=f"{names[0]} Persoon{i}")
        assignment = factories.AssignmentFactory(
            organisation=poster.employment.organisation,
            posted_by=poster,
            audience=Assignment.Audience.NETWORKS,
            networks=[network],
        )
        interest = Interest.objects.create(assignment=assignment, professional=person, motivation="x")
        placement = Placement.objects.create(
            interest=interest, assignment=assignment, professional=person, status="completed"
        )
        record = LearningRecord.objects.create(
            placement=placement,
            organisation=organisation,
            learned=f"Vrije tekst {names[0]} {i}",
            themes=["network"],
            again="yes",
        )
        feedback = HomeFeedbackRequest.objects.create(
            placement=placement,
            organisation=organisation,
            manager_email=f"chef{i}@breda.nl",
            nonce_hash=f"{i:064d}",
            expires_at=moment,
            status="answered",
            answered_at=moment,
            effect="strengthened",
            themes=["vision"],
            support_again="maybe",
            comment=f"Commentaar {names[0]} {i}",
        )
        LearningRecord.objects.filter(pk=record.pk).update(created_at=moment)
        HomeFeedbackRequest.objects.filter(pk=feedback.pk).update(created_at=moment)


@pytest.fixture
def hr_contact(other_organisation):
    user = factories.employee(other_organisation, user__email="hr@breda.nl")
    other_organisation.hr_contacts.add(user)
    return user


def test_the_hr_contact_sees_counts_and_themes_without_names(
    client, hr_contact, other_organisation, network, django_assert_max_num_queries
):
    period = closed_periods()[0]
    _answers(other_organisation, network, MIN_GROUP, period)
    client.force_login(hr_contact)
    with django_assert_max_num_queries(12):
        response = client.get("/klussen/opbrengst/organisaties/gemeente-breda/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    text = response.content.decode()
    selected = response.context["selected"]
    assert selected.period == period and selected.learning.count == MIN_GROUP and selected.learning.shown
    assert dict(selected.learning.rows[0][1])["een breder netwerk"] == MIN_GROUP
    assert dict(selected.feedback.rows[0][1])["het versterkte het team"] == MIN_GROUP
    assert "Geheim" not in text and "Vrije tekst" not in text and "Commentaar" not in text and "chef0" not in text


def test_a_group_below_the_minimum_is_not_shown(client, hr_contact, other_organisation, network):
    period = closed_periods()[0]
    _answers(other_organisation, network, MIN_GROUP - 1, period)
    client.force_login(hr_contact)
    response = client.get("/klussen/opbrengst/organisaties/gemeente-breda/", HTTP_ACCEPT_LANGUAGE="nl")
    selected = response.context["selected"]
    assert not selected.learning.shown and selected.learning.rows == []
    text = response.content.decode()
    assert "minder dan 5" in text.lower() and "een breder netwerk" not in text


def test_answers_of_the_running_half_year_wait_until_it_ends(client, hr_contact, other_organisation, network):
    today = timezone.localdate()
    current = Period(today.year, 1 if today.month <= 6 else 2)
    _answers(other_organisation, network, MIN_GROUP, current)
    client.force_login(hr_contact)
    response = client.get("/klussen/opbrengst/organisaties/gemeente-breda/")
    assert all(s.learning.count == 0 for s in response.context["summaries"])


def test_only_the_organisations_hr_contacts_see_its_summary(client, owner, hr_contact, organisation):
    organisation.hr_contacts.add(hr_contact)  # an HR contact of another organisation is not enough
    client.force_login(owner)
    assert client.get("/klussen/opbrengst/organisaties/gemeente-breda/").status_code == 403
    assert client.get("/klussen/opbrengst/organisaties/bestaat-niet/").status_code == 404
    client.logout()
    assert client.get("/klussen/opbrengst/organisaties/gemeente-breda/").status_code == 302


def test_the_coordinator_sees_the_networks_summary(
    client, coordinator, other_organisation, network, owner, django_assert_max_num_queries
):
    period = closed_periods()[1]
    _answers(other_organisation, network, MIN_GROUP + 1, period)
    client.force_login(with_mfa(coordinator))
    with django_assert_max_num_queries(14):
        response = client.get(f"/klussen/opbrengst/netwerken/zpp-brabant/?periode={period.key}")
    assert response.status_code == 200
    assert response.context["selected"].learning.count == MIN_GROUP + 1
    assert "Geheim" not in response.content.decode()
    client.force_login(owner)
    assert client.get("/klussen/opbrengst/netwerken/zpp-brabant/").status_code == 403


def test_a_leidinggevende_who_deletes_their_account_leaves_no_address_in_the_answers(done, professional):
    from profiles.privacy import account_delete

    manager = factories.UserFactory(email="chef@breda.nl", full_name="Chef Breda")
    request = HomeFeedbackRequest.objects.get(placement=done)
    HomeFeedbackRequest.objects.filter(pk=request.pk).update(comment="Groet, Chef Breda")
    consent = ConsentRequest.objects.filter(placement=done)
    assert [c.manager_email for c in consent] == ["chef@breda.nl"]  # the request the answer came from
    consent.update(comment="Akkoord. Chef Breda")
    account_delete(user=manager)
    request.refresh_from_db()
    assert "chef@breda.nl" not in request.manager_email and "Chef Breda" not in request.comment
    # The consent request kept for the placement no longer holds their address or name either.
    assert all("chef@breda.nl" not in c.manager_email and "Chef Breda" not in c.comment for c in consent.all())


def test_the_export_holds_the_learning_record_and_the_answer(done, professional):
    from profiles.privacy import account_export_data

    learning_record_save(placement=done, actor=professional, themes=["network"], **LEARNING)
    data = account_export_data(professional)
    assert data["learning_records"][0]["learned"] == LEARNING["learned"]
    assert data["home_feedback"] == []  # not answered yet


def test_the_history_says_klusmarkt_asked_the_leidinggevende_and_the_leidinggevende_answered(
    client, done, professional, owner
):
    """Completion asks the leidinggevende by itself: the history named the leidinggevende as having done it."""
    path = link_path(home_emails()[0])
    client.get(path)
    client.post("/klussen/thuisbasis/", {"effect": "strengthened", "support_again": "yes", "comment": ""})
    client.force_login(professional)
    page = client.get(f"/klussen/plaatsingen/{done.code}/", HTTP_ACCEPT_LANGUAGE="en")
    who = {entry.action: entry.who for entry in page.context["history"]}
    assert who["placements.home-feedback.requested"] == "Klusmarkt (automatically)"
    assert who["placements.home-feedback.answered"] == "leidinggevende (by link)"
    assert who["assignments.placement.consent-consented"] == "leidinggevende (by link)"
    assert who["assignments.placement.completed"] == owner.get_full_name()
    html = page.content.decode()
    assert re.search(r"<td>Klusmarkt \(automatically\)</td>\s*<td>Home leidinggevende asked", html)


def test_a_completed_placement_no_longer_says_when_it_starts(client, running, done, professional):
    client.force_login(professional)
    page = client.get(f"/klussen/plaatsingen/{done.code}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Staat alles op groen?" in page  # the signals are still shown, as a record
    assert "De plaatsing begint als" not in page
