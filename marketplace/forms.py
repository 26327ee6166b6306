from __future__ import annotations

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
