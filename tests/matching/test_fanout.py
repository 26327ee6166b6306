from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Assignment
from marketplace.models import Notification, NotificationPreference
from marketplace.services import notifications_dispatch_pending
from matching.models import Delivery, FanoutRun, Match
from matching.services.alerts import assignment_fanout, fanout_sweep
from matching.tasks import assignment_fanout_task, schedule_fanout
from tests import factories
from tests.matching import factories as mf
from tests.matching.conftest import CLOSED_PORT_BROKER, celery_broker

pytestmark = pytest.mark.django_db


def strong(taxonomy, user=None, **kwargs):
    return mf.professional(
        user, expertise=taxonomy["expertise"][:3], field_of_work=taxonomy["field"], hours_per_week=24, **kwargs
    )


def posted(taxonomy, **kwargs):
    kwargs.setdefault("field_of_work", taxonomy["field"])
    return mf.assignment(expertise=taxonomy["expertise"], **kwargs)


def test_it_stores_matches_and_tells_each_match_once_with_reasons(taxonomy, django_capture_on_commit_callbacks):
    english = factories.UserFactory(email="anna@example.com", language="en", full_name="Anna de Vries")
    match = strong(taxonomy, english)
    strong(taxonomy, open_to_assignments=False)
    mf.professional(hours_per_week=40)  # no overlap at all: below the minimum score
    item = posted(taxonomy, title="Projectleider omgevingswet")
    with django_capture_on_commit_callbacks(execute=True):
        run = assignment_fanout(assignment_id=item.pk)
    assert run.completed_at is not None
    assert list(Match.objects.values_list("profile_id", "delivery")) == [(match.pk, Delivery.NOTIFIED)]
    notice = Notification.objects.get()
    assert notice.recipient == english
    assert notice.kind == "alerts.match"
    assert notice.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["anna@example.com"]
    assert email.subject == "New assignment for you: Projectleider omgevingswet"
    assert "3 of 4 expertise areas: beleidsadvies, omgevingswet, projectleiding" in email.body
    assert "same field: ruimtelijke ordening" in email.body
    assert email.alternatives[0][1] == "text/html"
    assert "/meldingen/afmelden/" in email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].strip("<>") in email.body


def test_it_sends_nothing_twice_when_run_twice(taxonomy, django_capture_on_commit_callbacks):
    strong(taxonomy)
    strong(taxonomy)
    item = posted(taxonomy)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout_task.delay(item.pk)
        assignment_fanout_task.delay(item.pk)
        FanoutRun.objects.filter(assignment=item).update(completed_at=None, cursor=0)
        assignment_fanout_task.delay(item.pk)
    assert Match.objects.count() == 2
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert FanoutRun.objects.get(assignment=item).attempts == 2


def test_it_resumes_from_its_cursor_in_batches(taxonomy, django_capture_on_commit_callbacks):
    profiles = [strong(taxonomy) for _ in range(5)]
    item = posted(taxonomy)
    with django_capture_on_commit_callbacks(execute=True):
        run = assignment_fanout(assignment_id=item.pk, batch_size=2)
    assert run.cursor == profiles[-1].pk
    assert run.matches == 5
    assert len(mail.outbox) == 5


def test_it_follows_each_persons_pace(taxonomy, django_capture_on_commit_callbacks):
    instant, daily, off = (strong(taxonomy) for _ in range(3))
    NotificationPreference.objects.create(user=daily.user, matches="daily")
    NotificationPreference.objects.create(user=off.user, matches="off")
    item = posted(taxonomy)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    deliveries = dict(Match.objects.values_list("profile_id", "delivery"))
    assert deliveries == {instant.pk: Delivery.NOTIFIED, daily.pk: Delivery.DIGEST, off.pk: Delivery.SKIPPED}
    assert [m.to for m in mail.outbox] == [[instant.user.email]]
    assert Notification.objects.filter(recipient__in=[daily.user, off.user]).count() == 0


def test_it_tells_no_one_outside_the_audience(taxonomy, network, member, outsider, django_capture_on_commit_callbacks):
    inside = strong(taxonomy, member)
    strong(taxonomy, outsider)
    strong(taxonomy)  # an account without a government address
    item = posted(taxonomy, audience=Assignment.Audience.NETWORKS, networks=[network])
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    assert list(Match.objects.values_list("profile_id", flat=True)) == [inside.pk]
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Waarom: 3 van 4 expertisegebieden" in mail.outbox[0].body  # the member reads Dutch, the default


def test_it_does_not_match_the_poster(taxonomy, owner, django_capture_on_commit_callbacks):
    strong(taxonomy, owner)
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    assert Match.objects.count() == 0


def test_it_completes_without_telling_when_the_assignment_is_no_longer_open(taxonomy):
    strong(taxonomy)
    item = posted(taxonomy, status=Assignment.Status.CLOSED)
    run = assignment_fanout(assignment_id=item.pk)
    assert run.completed_at is not None
    assert Match.objects.count() == 0


def test_it_survives_a_broker_that_is_down_and_the_sweep_delivers_later(taxonomy, django_capture_on_commit_callbacks):
    strong(taxonomy)
    item = posted(taxonomy)
    with celery_broker(CLOSED_PORT_BROKER), django_capture_on_commit_callbacks(execute=True):
        schedule_fanout(item)  # must not raise
    assert len(mail.outbox) == 0
    assert not FanoutRun.objects.filter(completed_at__isnull=False).exists()
    Assignment.objects.filter(pk=item.pk).update(published_at=item.published_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        assert fanout_sweep(grace_seconds=0, window_days=365 * 100) == [item.pk]
    assert len(mail.outbox) == 1
    assert fanout_sweep(grace_seconds=0, window_days=365 * 100) == []


def test_it_leaves_fresh_and_old_publications_to_others(taxonomy):
    item = posted(taxonomy)
    from django.utils import timezone

    Assignment.objects.filter(pk=item.pk).update(published_at=timezone.now())
    assert fanout_sweep() == []
    Assignment.objects.filter(pk=item.pk).update(published_at=timezone.now() - timezone.timedelta(days=30))
    assert fanout_sweep() == []


def _publish_queries(item: Assignment, capture) -> int:
    with celery_broker(CLOSED_PORT_BROKER), CaptureQueriesContext(connection) as queries, capture(execute=True):
        schedule_fanout(item)
    return len(queries.captured_queries)


def test_it_costs_the_same_queries_to_publish_for_1000_matches_as_for_none(
    taxonomy, django_capture_on_commit_callbacks
):
    matching_many = posted(taxonomy)
    matching_none = posted(taxonomy, hours_per_week=40)
    users = factories.UserFactory._meta.model.objects.bulk_create(
        [factories.UserFactory._meta.model(email=f"p{i}@example.com") for i in range(1000)]
    )
    from profiles.models import Profile

    profiles = Profile.objects.bulk_create(
        [
            Profile(user=user, display_name="P", open_to_assignments=True, hours_per_week=24, visibility=3)
            for user in users
        ]
    )
    through = Profile.engagement_forms.through
    form = mf.forms()[0]
    through.objects.bulk_create([through(profile_id=p.pk, engagementform_id=form.pk) for p in profiles])
    assert Assignment.objects.filter(pk=matching_many.pk).exists()
    from matching.candidates import eligible_profiles

    assert eligible_profiles(matching_many).count() == 1000
    assert eligible_profiles(matching_none).count() == 0
    many = _publish_queries(matching_many, django_capture_on_commit_callbacks)
    none = _publish_queries(matching_none, django_capture_on_commit_callbacks)
    assert many == none == 0


def test_it_checks_visibility_again_when_sending(taxonomy, network, member, django_capture_on_commit_callbacks):
    strong(taxonomy, member)
    item = posted(taxonomy, audience=Assignment.Audience.NETWORKS, networks=[network])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assignment_fanout(assignment_id=item.pk)
    member.memberships.update(status="left")  # leaves the network before the email goes out
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get().email_status == Notification.EmailStatus.NONE


def _alert_left_pending(taxonomy, member, network, capture) -> Notification:
    """An alert whose batch task never ran (the broker refused it): only the stale-email sweep sends it."""
    strong(taxonomy, member)
    item = posted(taxonomy, audience=Assignment.Audience.NETWORKS, networks=[network])
    with capture(execute=False):
        assignment_fanout(assignment_id=item.pk)
    notice = Notification.objects.get()
    assert notice.email_status == Notification.EmailStatus.PENDING
    return notice


def test_the_stale_email_sweep_checks_visibility_again(taxonomy, network, member, django_capture_on_commit_callbacks):
    notice = _alert_left_pending(taxonomy, member, network, django_capture_on_commit_callbacks)
    member.memberships.update(status="left")  # leaves the network before the sweep runs
    assert notifications_dispatch_pending(older_than_seconds=0) == 1
    assert mail.outbox == []
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.NONE
    assert notifications_dispatch_pending(older_than_seconds=0) == 0


def test_the_stale_email_sweep_sends_an_alert_the_person_may_still_see(
    taxonomy, network, member, django_capture_on_commit_callbacks
):
    notice = _alert_left_pending(taxonomy, member, network, django_capture_on_commit_callbacks)
    assert notifications_dispatch_pending(older_than_seconds=0) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.SENT


def test_it_seeds_demo_matches_idempotently(taxonomy):
    from demo.matching import seed

    strong(taxonomy)
    posted(taxonomy)
    assert seed() == 1
    assert seed() == 1  # the completed run is not redone
    assert Match.objects.count() == 1


def test_it_resumes_after_a_crash_without_doubles_or_misses(taxonomy, monkeypatch, django_capture_on_commit_callbacks):
    from matching.services import alerts

    profiles = [strong(taxonomy) for _ in range(4)]
    item = posted(taxonomy)
    real = alerts._tell_matches
    calls = []

    def crash_on_second_batch(assignment, found):
        calls.append(len(found))
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(assignment, found)

    monkeypatch.setattr(alerts, "_tell_matches", crash_on_second_batch)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk, batch_size=2)
    assert Match.objects.count() == 2  # the first batch committed, the second rolled back
    monkeypatch.setattr(alerts, "_tell_matches", real)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk, batch_size=2)
    assert sorted(Match.objects.values_list("profile_id", flat=True)) == [p.pk for p in profiles]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in profiles)


def test_it_keeps_user_text_out_of_the_email_headers_and_escapes_html(taxonomy, django_capture_on_commit_callbacks):
    strong(taxonomy)
    item = posted(taxonomy, title="Klus\r\nBcc: evil@example.com <b>vet</b>")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    email = mail.outbox[0]
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.bcc == []
    message = email.message()
    assert message["Bcc"] is None
    assert "<b>vet</b>" not in email.alternatives[0][0]
    assert "&lt;b&gt;vet&lt;/b&gt;" in email.alternatives[0][0]


def test_it_does_not_match_a_hidden_profile(taxonomy, django_capture_on_commit_callbacks):
    shown = strong(taxonomy)
    hidden = strong(taxonomy)
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    item = posted(taxonomy)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    assert list(Match.objects.values_list("profile_id", flat=True)) == [shown.pk]
