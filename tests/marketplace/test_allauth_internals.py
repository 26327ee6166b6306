"""Each wrapper of an allauth internal still works: an allauth upgrade that moves one breaks here."""

from __future__ import annotations

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import RequestFactory

from marketplace.lib import allauth_internals
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP"


def _request(user):
    request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="127.0.0.1")
    request.user = user
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request.session.create()
    return request


def test_it_tracks_session_activity_in_allauths_session_list():
    user = factories.UserFactory()
    allauth_internals.track_session_activity(_request(user))
    assert UserSession.objects.filter(user=user, user_agent="Firefox").exists()


def test_it_asks_for_reauthentication_when_the_login_is_stale():
    request = _request(factories.UserFactory())
    with pytest.raises(Exception) as refused:
        allauth_internals.raise_if_reauthentication_required(request, app="")
    assert type(refused.value).__name__ == "ReauthenticationRequired"


def test_it_activates_totp_and_computes_the_code_the_app_shows():
    user = factories.UserFactory()
    allauth_internals.activate_totp(user, SECRET)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = allauth_internals.current_totp_code(SECRET)
    assert len(code) == 6 and code.isdigit()
    assert get_mfa_adapter().decrypt(authenticator.data["secret"]) == SECRET
