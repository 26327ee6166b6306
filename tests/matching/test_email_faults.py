from __future__ import annotations

import pytest
from django.core import mail

from marketplace.celery import app as celery_app
from marketplace.models import Notification
from matching.services.alerts import assignment_fanout
from tests.matching.backends import FlakyEmailBackend
from tests.matching.test_fanout import posted, strong

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.matching.backends.FlakyEmailBackend"
    FlakyEmailBackend.reset(failures=2)
    # Eager tasks only retry when their errors do not propagate to the caller.
    celery_app.conf.task_eager_propagates = False
    yield FlakyEmailBackend
    celery_app.conf.task_eager_propagates = True


def test_it_retries_a_failing_smtp_server_and_delivers_once(taxonomy, flaky_smtp, django_capture_on_commit_callbacks):
    first, second = strong(taxonomy), strong(taxonomy)
    item = posted(taxonomy)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    assert flaky_smtp.attempts == 4  # two refusals, then both messages over the third connection
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])
    statuses = set(Notification.objects.values_list("email_status", "email_attempts"))
    assert statuses == {(Notification.EmailStatus.SENT, 1)}
