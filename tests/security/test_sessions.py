"""Sessions: idle timeout (rolling), absolute lifetime, new key at login, ended by password change or
deactivation (SECURITY-CHECKS C4); password-reset links expire after an hour (C6)."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail

from marketplace.middleware import SESSION_STARTED_KEY
from tests.security.conftest import PASSWORD, is_logged_in, login

pytestmark = pytest.mark.django_db


def test_it_sets_a_30_minute_rolling_idle_timeout_and_a_12_hour_lifetime(settings):
    from marketplace import settings as project_settings

    assert project_settings.SESSION_COOKIE_AGE == 30 * 60
    # Rolling without a write per request: the middleware re-saves a session older than a minute.
    assert project_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert project_settings.SESSION_REFRESH_SECONDS == 60
    assert project_settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60


def test_it_keeps_a_session_alive_just_under_the_idle_timeout(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=29):
        assert is_logged_in(client)
    # Rolling: each request restarts the idle clock.
    with clock.at(minutes=58):
        assert is_logged_in(client)


def test_it_rolls_the_idle_timeout_from_requests_under_a_minute_apart(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    # Requests 50 s apart: not every one saves the session, but the deadline keeps moving.
    for step in range(1, 50):
        with clock.at(seconds=50 * step):
            assert is_logged_in(client), f"logged out after {50 * step} s"
    with clock.at(seconds=50 * 49 + 29 * 60):
        assert is_logged_in(client)


def test_it_does_not_write_the_session_on_every_request(client, member, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=2):
        client.get("/")  # stale: saved once
    with clock.at(minutes=2, seconds=30), CaptureQueriesContext(connection) as queries:
        client.get("/")
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []


def test_it_records_session_activity_at_most_once_a_minute(client, member, clock):
    from allauth.usersessions.models import UserSession

    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=5):
        client.get("/")
    seen = UserSession.objects.get(user=member).last_seen_at
    assert seen == clock.start + dt.timedelta(minutes=5)
    with clock.at(minutes=5, seconds=30):
        client.get("/")
    assert UserSession.objects.get(user=member).last_seen_at == seen


def test_it_ends_a_session_just_over_the_idle_timeout(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=31):
        assert not is_logged_in(client)


def test_it_reads_the_idle_timeout_from_settings(client, member, clock, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=9):
        assert is_logged_in(client)
    with clock.at(minutes=20):
        assert not is_logged_in(client)


def _stay_active(client, clock, until_minutes: int) -> None:
    for minute in range(25, until_minutes + 1, 25):
        with clock.at(minutes=minute):
            assert is_logged_in(client), f"logged out after {minute} minutes"


def test_it_keeps_an_active_session_until_just_before_12_hours(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    _stay_active(client, clock, 11 * 60 + 55)
    with clock.at(hours=11, minutes=59):
        assert is_logged_in(client)


def test_it_ends_an_active_session_just_after_12_hours(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    _stay_active(client, clock, 11 * 60 + 55)
    with clock.at(hours=12, minutes=1):
        assert not is_logged_in(client)


def test_it_reads_the_absolute_timeout_from_settings(client, member, clock, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 60 * 60
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=25):
        assert is_logged_in(client)
    with clock.at(minutes=50):
        assert is_logged_in(client)
    with clock.at(minutes=61):
        assert not is_logged_in(client)


def test_it_records_the_session_start_at_login(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    assert client.session[SESSION_STARTED_KEY] == int(clock.start.timestamp())


def test_it_restarts_the_lifetime_at_a_new_login(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(hours=13):
        assert not is_logged_in(client)
        login(client, member.email)
        assert is_logged_in(client)
    assert client.session[SESSION_STARTED_KEY] == int(clock.start.timestamp()) + 13 * 3600


def test_it_gives_the_session_a_new_key_at_login(client, member):
    anonymous = client.session
    anonymous["probe"] = "before login"
    anonymous.save()
    key_before = client.cookies["sessionid"].value

    login(client, member.email)

    assert client.cookies["sessionid"].value != key_before
    assert is_logged_in(client)


def test_it_destroys_the_session_at_logout(client, member):
    login(client, member.email)
    stolen = client.cookies["sessionid"].value
    response = client.post("/accounts/logout/")
    assert response.status_code == 302

    client.cookies["sessionid"] = stolen
    assert not is_logged_in(client)


def test_it_ends_other_sessions_when_the_password_changes(client, member):
    from django.test import Client

    other = Client()
    login(other, member.email)
    login(client, member.email)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other)


def test_it_ends_the_session_of_a_deactivated_person(client, member):
    login(client, member.email)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert not is_logged_in(client)


def _reset_link(client, email: str) -> str:
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": email})
    (link,) = re.findall(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    return urlsplit(link).path


@pytest.mark.parametrize(("minutes", "works"), [(59, True), (61, False)])
def test_it_expires_password_reset_links_after_an_hour(client, member, minutes, works):
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    start = dt.datetime.now()
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=start):
        path = _reset_link(client, member.email)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=start + dt.timedelta(minutes=minutes)):
        response = client.get(path, follow=True)
        new = "another-long-passphrase"
        response = client.post(
            response.redirect_chain[-1][0] if response.redirect_chain else path, {"password1": new, "password2": new}
        )
    member.refresh_from_db()
    assert member.check_password("another-long-passphrase") is works
