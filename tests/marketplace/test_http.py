"""run_service: the one way a view turns a service's refusal into form errors or messages."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from marketplace.lib.http import attempt, flash_form_refusals, run_service


class ReasonForm(forms.Form):
    reason = forms.CharField()


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def refuse(error):
    def call():
        raise error

    return call


def texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_shows_the_message_and_redirects_by_the_result(request_):
    response = run_service(request_, lambda: "abc", success=lambda r: f"made {r}", redirect_to=lambda r: f"/x/{r}/")
    assert (response.status_code, response["Location"]) == (302, "/x/abc/")
    assert texts(request_) == [("success", "made abc")]


def test_a_refusal_without_a_form_becomes_messages_and_goes_to_refused_to(request_):
    error = ValidationError(["Niet open.", "Te laat."])
    response = run_service(request_, refuse(error), success="ok", redirect_to=lambda r: "/never/", refused_to="/back/")
    assert response["Location"] == "/back/"
    assert texts(request_) == [("error", "Niet open."), ("error", "Te laat.")]


def test_a_refusal_with_a_form_goes_on_its_fields_and_the_view_renders_it_again(request_):
    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    error = ValidationError({"reason": "Te kort.", "other": "Niet hier."})
    assert run_service(request_, refuse(error), form=form, success="ok", redirect_to="/x/") is None
    assert form.errors["reason"] == ["Te kort."]
    assert form.non_field_errors() == ["Niet hier."]
    assert texts(request_) == []
    flash_form_refusals(request_, form)
    assert texts(request_) == [("error", "Niet hier.")]
    assert "reason" in form.errors


def test_attempt_can_collect_the_refusal_for_a_page_that_lists_it(request_):
    errors: list[str] = []
    assert attempt(request_, refuse(ValidationError("Nee.")), errors=errors) == (False, None)
    assert errors == ["Nee."]
    assert attempt(request_, lambda: 3, errors=errors) == (True, 3)
