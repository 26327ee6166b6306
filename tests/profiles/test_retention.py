"""Retention: inactive for 24 months → warned; 3 more months → hidden; coming back undoes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import User
from profiles.models import Profile
from profiles.retention import profiles_retention_sweep
from tests import factories

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


def person_last_seen(ago: timedelta, now) -> Profile:
    profile = factories.ProfileFactory(display_name="Retentie Persoon")
    User.objects.filter(pk=profile.user_id).update(last_login=now - ago, date_joined=now - ago - 10 * DAY)
    Profile.objects.filter(pk=profile.pk).update(last_active_at=None)
    return profile


def test_it_does_not_warn_just_before_24_months(now):
    profile = person_last_seen(730 * DAY - timedelta(hours=1), now)

    assert profiles_retention_sweep(now=now).warned == 0
    profile.refresh_from_db()
    assert profile.retention_warned_at is None
    assert mail.outbox == []


def test_it_warns_just_after_24_months(now, django_capture_on_commit_callbacks):
    profile = person_last_seen(730 * DAY + timedelta(hours=1), now)

    with django_capture_on_commit_callbacks(execute=True):
        result = profiles_retention_sweep(now=now)

    profile.refresh_from_db()
    assert result.warned == 1
    assert profile.retention_warned_at == now
    assert not profile.is_hidden
    assert [m.to for m in mail.outbox] == [[profile.user.email]]


def test_it_warns_only_once(now):
    person_last_seen(800 * DAY, now)
    profiles_retention_sweep(now=now)

    assert profiles_retention_sweep(now=now + DAY).warned == 0


def test_it_does_not_hide_before_the_grace_period_ends(now):
    profile = person_last_seen(800 * DAY, now)
    profiles_retention_sweep(now=now)

    result = profiles_retention_sweep(now=now + 91 * DAY - timedelta(hours=1))

    profile.refresh_from_db()
    assert result.hidden == 0
    assert not profile.is_hidden


def test_it_hides_after_the_grace_period(now, client):
    profile = person_last_seen(800 * DAY, now)
    profiles_retention_sweep(now=now)

    result = profiles_retention_sweep(now=now + 91 * DAY + timedelta(hours=1))

    profile.refresh_from_db()
    assert result.hidden == 1
    assert profile.is_hidden
    assert client.get(f"/professionals/{profile.code}/").status_code == 404
    assert not Profile.objects.visible_to(factories.UserFactory()).filter(pk=profile.pk).exists()


def test_coming_back_undoes_the_warning_and_the_hiding(now):
    profile = person_last_seen(800 * DAY, now)
    profiles_retention_sweep(now=now)
    profiles_retention_sweep(now=now + 92 * DAY)
    User.objects.filter(pk=profile.user_id).update(last_login=now + 93 * DAY)

    result = profiles_retention_sweep(now=now + 94 * DAY)

    profile.refresh_from_db()
    assert result.restored == 1
    assert not profile.is_hidden
    assert profile.retention_warned_at is None and profile.retention_hidden_at is None


def test_it_leaves_profiles_hidden_for_other_reasons_alone(now):
    profile = person_last_seen(10 * DAY, now)
    Profile.objects.filter(pk=profile.pk).update(is_hidden=True)

    profiles_retention_sweep(now=now)

    profile.refresh_from_db()
    assert profile.is_hidden
