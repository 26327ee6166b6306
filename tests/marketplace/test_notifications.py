from __future__ import annotations

import time

import pytest
from django.core import mail
from django.db import transaction

from marketplace.models import Notification
from marketplace.services import notification_send_email, notifications_dispatch_pending, notify
from tests import factories

pytestmark = pytest.mark.django_db


def make_notice(recipient, **kwargs):
    return notify(
        recipient=recipient,
        kind="test.hello",
        template="test-hello",
        context={"name": "Sanne"},
        url="/klussen/",
        **kwargs,
    )


@pytest.fixture(autouse=True)
def hello_templates(settings, tmp_path):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "test-hello-subject.txt").write_text("{% load i18n %}{% translate 'Assignments' %} {{ name }}")
    (folder / "test-hello-body.txt").write_text("{% load i18n %}{% translate 'Assignments' %}: {{ url }}")
    (folder / "test-hello-body.html").write_text("<p>{{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_it_creates_an_in_app_notice_and_mails_after_commit(django_capture_on_commit_callbacks):
    recipient = factories.UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notification = make_notice(recipient)
        assert mail.outbox == []

    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[recipient.email]]
    assert mail.outbox[0].subject == "Assignments Sanne"
    assert "http://" in mail.outbox[0].body and "/klussen/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_it_writes_in_the_recipients_language(django_capture_on_commit_callbacks):
    dutch = factories.UserFactory(language="nl")

    with django_capture_on_commit_callbacks(execute=True):
        make_notice(dutch)

    assert mail.outbox[0].subject == "Klussen Sanne"


def test_it_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    recipient = factories.UserFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        make_notice(recipient)
        raise RuntimeError

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_sends_an_email_exactly_once():
    notification = make_notice(factories.UserFactory())

    assert notification_send_email(notification_id=notification.pk) is True
    assert notification_send_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_it_can_skip_the_email():
    notification = make_notice(factories.UserFactory(), email=False)

    assert notification.email_status == Notification.EmailStatus.NONE
    assert notification_send_email(notification_id=notification.pk) is False


def test_the_sweep_sends_stale_pending_emails():
    notification = make_notice(factories.UserFactory())
    Notification.objects.filter(pk=notification.pk).update(created_at=notification.created_at.replace(year=2020))

    assert notifications_dispatch_pending() == 1

    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notifications_dispatch_pending() == 0


def test_the_page_shows_only_the_persons_own_notices(client):
    me, other = factories.UserFactory(), factories.UserFactory()
    mine = make_notice(me)
    make_notice(other)
    client.force_login(me)

    response = client.get("/meldingen/")

    assert list(response.context["page"]) == [mine]


def test_it_marks_a_notice_read_and_follows_its_link(client):
    me = factories.UserFactory()
    notice = make_notice(me)
    client.force_login(me)

    response = client.post("/meldingen/gelezen/", {"code": str(notice.code)})

    assert response["Location"] == "/klussen/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_it_cannot_mark_someone_elses_notice(client):
    notice = make_notice(factories.UserFactory())
    client.force_login(factories.UserFactory())

    response = client.post("/meldingen/gelezen/", {"code": str(notice.code)})

    assert response.status_code == 404


def test_it_rejects_get_on_mark_read(client):
    client.force_login(factories.UserFactory())

    assert client.get("/meldingen/gelezen/").status_code == 405


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get("/meldingen/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.worker
def test_a_real_worker_sends_through_redis(celery_worker_redis):
    recipient = factories.UserFactory()

    notification = make_notice(recipient)  # autocommit: on_commit runs at once and queues the task

    for _ in range(100):
        notification.refresh_from_db()
        if notification.email_status == Notification.EmailStatus.SENT:
            break
        time.sleep(0.1)
    assert notification.email_status == Notification.EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[recipient.email]]
