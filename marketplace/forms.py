from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.models import NotificationPreference


class NotificationPreferenceForm(forms.Form):
    matches = forms.ChoiceField(
        label=_("Assignments that match my profile"),
        choices=NotificationPreference.Pace.choices,
        widget=forms.RadioSelect,
        help_text=_("Messages about your reactions and placements always come."),
    )
    saved_searches = forms.ChoiceField(
        label=_("New results of my saved searches"),
        choices=NotificationPreference.Pace.choices,
        widget=forms.RadioSelect,
    )


class ConfirmForm(forms.Form):
    """A step that cannot be undone: the person ticks a box first (works without JavaScript)."""

    confirm = forms.BooleanField(label=_("Yes, I am sure: this cannot be undone."), required=True)

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label
