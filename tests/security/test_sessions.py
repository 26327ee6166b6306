"""Sessions: idle timeout (rolling), absolute lifetime, and a new key at login (SECURITY-CHECKS C4)."""

from __future__ import annotations

import pytest

from marketplace.middleware import SESSION_STARTED_KEY
from tests.security.conftest import is_logged_in, login

pytestmark = pytest.mark.django_db


def test_it_sets_a_30_minute_rolling_idle_timeout_and_a_12_hour_lifetime(settings):
    from marketplace import settings as project_settings

    assert project_settings.SESSION_COOKIE_AGE == 30 * 60
    assert project_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert project_settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60


def test_it_keeps_a_session_alive_just_under_the_idle_timeout(client, member, clock):
    with clock.at(minutes=0):
        login(client, member.email)
    with clock.at(minutes=29):
        assert is_logged_in(client)
    # Rolling: each request restarts the idle clock.
    with clock.at(minutes=58):
        assert is_logged_in(client)


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
