from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    query = forms.CharField(
        label=_("Search"),
        max_length=1000,
        required=False,
        widget=forms.HiddenInput,
    )
