"""An engagement form's name: its code's label in the viewer's language, without building every choice."""

from __future__ import annotations

import pytest
from django.utils import translation

from profiles.models import EngagementForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_form_is_named_as_its_choice_in_the_language(language):
    with translation.override(language):
        for form in EngagementForm.objects.all():
            assert str(form) == str(form.get_code_display())
    with translation.override("nl"):
        assert str(EngagementForm(code="secondment")) == "Detachering"
    with translation.override("en"):
        assert str(EngagementForm(code="secondment")) == "Secondment (detachering)"


def test_a_code_this_version_does_not_know_is_shown_as_stored():
    assert str(EngagementForm(code="nieuw")) == "nieuw" == EngagementForm(code="nieuw").get_code_display()
