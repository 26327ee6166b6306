from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments import services
from assignments.models import Assignment
from assignments.selectors import postable_networks
from marketplace.models import AuditEntry, Notification
from networks.models import Membership, Network
from profiles.models import EngagementForm
from tests import factories
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db
S = Assignment.Status


def _data(**overrides):
    data = {
        "title": "Projectleider energietransitie",
        "summary": "Versterking voor een half jaar.",
        "description": "Wij zoeken iemand die de warmtevisie uitvoert.",
        "hours_per_week": 16,
        "compensation": Assignment.Compensation.PUBLIC_RATE,
        "remote_option": Assignment.RemoteOption.HYBRID,
        "places": 1,
        "audience": Assignment.Audience.ORGANISATION,
        "networks": [],
        "share_with_partners": False,
        "engagement_forms": list(EngagementForm.objects.filter(code="secondment")),
        "expertise": ["Warmtetransitie", "projectleiding"],
        "co_owner_emails": [],
    }
    data.update(overrides)
    return data


def test_it_refuses_a_poster_without_a_government_address(cast):
    with pytest.raises(ValidationError, match="verified government employees"):
        services.assignment_create(actor=cast.users["visitor"], data=_data())


def test_it_creates_a_draft_for_the_posters_employer(cast):
    assignment = services.assignment_create(actor=cast.poster, data=_data(co_owner_emails=["co-owner@tilburg.nl"]))
    assert assignment.status == S.DRAFT
    assert assignment.organisation == cast.org_post
    assert assignment.posted_by == cast.poster
    assert sorted(e.name for e in assignment.expertise.all()) == ["projectleiding", "warmtetransitie"]
    assert list(assignment.co_owners.all()) == [cast.co_owner]
    assert AuditEntry.objects.filter(action="assignments.assignment.created", target_id=str(assignment.pk)).exists()


def test_it_refuses_co_owners_who_are_not_colleagues(cast):
    with pytest.raises(ValidationError) as error:
        services.assignment_create(actor=cast.poster, data=_data(co_owner_emails=["member@breda.nl"]))
    assert "member@breda.nl" in str(error.value.message_dict["co_owner_emails"])


def test_it_clears_networks_for_audiences_other_than_networks(cast):
    data = _data(audience=Assignment.Audience.PLATFORM, networks=[cast.networks["zpp"]], share_with_partners=True)
    assignment = services.assignment_create(actor=cast.poster, data=data)
    assert list(assignment.networks.all()) == []
    assert assignment.share_with_partners is False


def test_it_refuses_a_network_the_poster_may_not_post_into(cast):
    data = _data(audience=Assignment.Audience.NETWORKS, networks=[cast.networks["other"]])
    with pytest.raises(ValidationError) as error:
        services.assignment_create(actor=cast.poster, data=data)
    assert "Ander netwerk" in str(error.value.message_dict["networks"])


def test_it_requires_a_network_for_the_networks_audience(cast):
    with pytest.raises(ValidationError, match="at least one network"):
        services.assignment_create(actor=cast.poster, data=_data(audience=Assignment.Audience.NETWORKS))


@pytest.mark.parametrize(
    ("policy", "viewer", "allowed"),
    [
        ("members", "member", True),
        ("members", "suspended", False),
        ("members", "org_employee", False),
        ("members", "visitor", False),
        ("coordinators", "coordinator", True),
        ("coordinators", "member", False),
        ("managers", "org_employee", True),
        ("managers", "member", False),
        ("managers", "coordinator", True),
    ],
)
def test_it_offers_networks_by_their_posting_rule(cast, policy, viewer, allowed):
    zpp = cast.networks["zpp"]
    Network.objects.filter(pk=zpp.pk).update(posting_policy=policy)
    assert (zpp in postable_networks(cast.users[viewer])) is allowed


def test_it_publishes_straight_to_open_without_moderation(cast):
    assignment = services.assignment_create(actor=cast.poster, data=_data())
    services.assignment_publish(assignment=assignment, actor=cast.poster)
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN
    assert assignment.published_at is not None


def test_it_puts_it_in_the_queue_of_a_moderating_network(cast, django_capture_on_commit_callbacks):
    # A coordinator of a partner network is not asked, and never mailed about it.
    partner_coordinator = factories.employee(cast.org_other, user__email="partner-coord@breda.nl")
    factories.MembershipFactory(
        user=partner_coordinator, network=cast.networks["partner"], role=Membership.Role.COORDINATOR
    )
    data = _data(audience=Assignment.Audience.NETWORKS, networks=[cast.networks["zpp"]])
    assignment = services.assignment_create(actor=cast.poster, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_publish(assignment=assignment, actor=cast.poster)
    assignment.refresh_from_db()
    assert assignment.status == S.AWAITING_MODERATION
    assert Notification.objects.filter(recipient=cast.coordinator, kind="assignments.moderation-requested").exists()
    assert [m.to for m in mail.outbox] == [["coordinator@breda.nl"]]


def test_it_opens_on_approval_and_tells_the_poster(cast, django_capture_on_commit_callbacks):
    assignment = make_assignment(cast, "moderation")
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_approve(assignment=assignment, actor=cast.coordinator)
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["co-owner@tilburg.nl", "poster@tilburg.nl"]


def test_it_waits_for_every_moderating_network(cast):
    second = factories.NetworkFactory(name="Over-loop", slug="over-loop", moderates_assignments=True)
    assignment = make_assignment(cast, "moderation")
    assignment.networks.add(second)
    services.assignment_approve(assignment=assignment, actor=cast.coordinator)
    assignment.refresh_from_db()
    assert assignment.status == S.AWAITING_MODERATION
    other = factories.employee(cast.org_other, user__email="coord2@breda.nl")
    factories.MembershipFactory(user=other, network=second, role=Membership.Role.COORDINATOR)
    services.assignment_approve(assignment=assignment, actor=other)
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN


def test_it_refuses_approval_by_a_coordinator_of_another_network(cast):
    assignment = make_assignment(cast, "moderation")
    stranger = factories.employee(cast.org_other, user__email="coord-other@breda.nl")
    factories.MembershipFactory(user=stranger, network=cast.networks["other"], role=Membership.Role.COORDINATOR)
    with pytest.raises(ValidationError, match="Only a coordinator"):
        services.assignment_approve(assignment=assignment, actor=stranger)


def test_it_sends_back_with_a_reason(cast, django_capture_on_commit_callbacks):
    assignment = make_assignment(cast, "moderation")
    with pytest.raises(ValidationError):
        services.assignment_send_back(assignment=assignment, actor=cast.coordinator, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_send_back(assignment=assignment, actor=cast.coordinator, reason="Noem het uurtarief.")
    assignment.refresh_from_db()
    assert assignment.status == S.DRAFT
    entry = AuditEntry.objects.filter(target_id=str(assignment.pk), to_state=S.DRAFT).get()
    assert entry.note == "Noem het uurtarief."
    assert entry.actor == cast.coordinator
    assert any("Noem het uurtarief." in m.body for m in mail.outbox)


def test_it_asks_for_approval_again_after_a_send_back(cast):
    assignment = make_assignment(cast, "moderation")
    second = factories.NetworkFactory(name="Over-loop", slug="over-loop", moderates_assignments=True)
    factories.MembershipFactory(user=cast.poster, network=second)
    assignment.networks.add(second)
    services.assignment_approve(assignment=assignment, actor=cast.coordinator)
    services.assignment_send_back(assignment=assignment, actor=cast.coordinator, reason="Te vaag.")
    services.assignment_publish(assignment=assignment, actor=cast.poster)
    other = factories.employee(cast.org_other, user__email="coord2@breda.nl")
    factories.MembershipFactory(user=other, network=second, role=Membership.Role.COORDINATOR)
    services.assignment_approve(assignment=assignment, actor=other)
    assignment.refresh_from_db()
    # The approval from before the send-back no longer counts.
    assert assignment.status == S.AWAITING_MODERATION


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in S.values for t in S.values if t not in Assignment.TRANSITIONS[s]],
)
def test_it_refuses_every_invalid_transition_with_a_clear_message(cast, source, target):
    assignment = factories.AssignmentFactory(organisation=cast.org_post, status=source)
    with pytest.raises(services.InvalidTransition) as error:
        services.assignment_transition(assignment=assignment, to=target, actor=cast.poster)
    message = error.value.messages[0]
    assert str(S(source).label) in message
    assert str(S(target).label) in message
    assignment.refresh_from_db()
    assert assignment.status == source


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        (services.assignment_publish, S.OPEN, "Only a draft can be published"),
        (services.assignment_publish, S.CANCELLED, "Only a draft can be published"),
        (services.assignment_close, S.CLOSED, "cannot become closed"),
        (services.assignment_close, S.DRAFT, "cannot become closed"),
        (services.assignment_cancel, S.COMPLETED, "cannot become cancelled"),
        (services.assignment_cancel, S.CANCELLED, "cannot become cancelled"),
    ],
)
def test_it_refuses_owner_actions_in_the_wrong_status(cast, action, status, message):
    assignment = factories.AssignmentFactory(organisation=cast.org_post, posted_by=cast.poster, status=status)
    with pytest.raises(ValidationError, match=message):
        action(assignment=assignment, actor=cast.poster)


def test_it_refuses_to_approve_what_does_not_await_approval(cast):
    assignment = make_assignment(cast, "zpp")
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.assignment_approve(assignment=assignment, actor=cast.coordinator)


def test_it_refuses_to_publish_past_the_deadline(cast):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assignment = services.assignment_create(actor=cast.poster, data=_data(deadline=yesterday))
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.assignment_publish(assignment=assignment, actor=cast.poster)


def test_it_refuses_to_edit_a_cancelled_assignment(cast):
    assignment = make_assignment(cast, "cancelled")
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.assignment_update(assignment=assignment, actor=cast.poster, data={"title": "Nieuw"})


def test_it_keeps_the_audience_of_an_open_assignment(cast):
    assignment = make_assignment(cast, "organisation")
    services.assignment_update(
        assignment=assignment, actor=cast.poster, data={"title": "Nieuw", "audience": Assignment.Audience.PUBLIC}
    )
    assignment.refresh_from_db()
    assert assignment.title == "Nieuw"
    assert assignment.audience == Assignment.Audience.ORGANISATION


def test_it_copies_as_a_new_draft(cast):
    original = make_assignment(cast, "zpp", deadline=datetime.date(2030, 1, 1))
    copy = services.assignment_duplicate(assignment=original, actor=cast.co_owner)
    assert copy.pk != original.pk
    assert copy.status == S.DRAFT
    assert copy.posted_by == cast.co_owner
    assert copy.title == original.title
    assert copy.deadline is None
    # The co-owner may not post into zpp (not a member): the copy falls back to the organisation.
    assert copy.audience == Assignment.Audience.ORGANISATION
    assert list(copy.networks.all()) == []


def test_it_closes_assignments_past_their_deadline_once(cast):
    today = timezone.localdate()
    past = make_assignment(cast, "public", deadline=today - datetime.timedelta(days=1))
    due_today = make_assignment(cast, "platform", deadline=today)
    no_deadline = make_assignment(cast, "organisation")
    assert services.assignments_close_expired() == 1
    assert services.assignments_close_expired() == 0
    statuses = dict(Assignment.objects.values_list("pk", "status"))
    assert statuses[past.pk] == S.CLOSED
    assert statuses[due_today.pk] == S.OPEN
    assert statuses[no_deadline.pk] == S.OPEN
    entry = AuditEntry.objects.get(target_id=str(past.pk), to_state=S.CLOSED)
    assert entry.actor is None


def test_it_runs_the_deadline_task(cast):
    from assignments.tasks import assignments_close_expired_task

    make_assignment(cast, "public", deadline=timezone.localdate() - datetime.timedelta(days=3))
    assert assignments_close_expired_task.delay().get() == 1


def test_it_schedules_the_deadline_task():
    from marketplace.celery import app

    entry = app.conf.beat_schedule["assignments-close-expired"]
    assert entry["task"] == "assignments.tasks.assignments_close_expired_task"
