from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, help_text=_("Leave empty to name it after its filters.")
    )
    query = forms.CharField(
        label=_("Search"),
        max_length=1000,
        required=False,
        widget=forms.HiddenInput,
    )
    every_new = forms.BooleanField(
        label=_("Yes, tell me about every new assignment"),
        required=False,
        help_text=_("Only needed for a search without filters."),
    )
