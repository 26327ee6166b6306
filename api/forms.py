"""The coordinator's form to issue an API key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiClient


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Who or what uses the key, e.g. the region's vacancy site.")
    )
    scope = forms.ChoiceField(label=_("The key may"), choices=ApiClient.Scope.choices, initial=ApiClient.Scope.READ)
    expires_at = forms.DateField(
        label=_("Valid until"),
        help_text=_("At most a year from today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    peer_url = forms.URLField(
        label=_("Address of the other Klusmarkt"),
        required=False,
        assume_scheme="https",
        help_text=_("Only for a federation key: for example https://klusmarkt.example.nl"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.localdate() + dt.timedelta(days=180)

    def clean_expires_at(self) -> dt.datetime:
        """Valid through the chosen day (the service checks the limits)."""
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["expires_at"], dt.time.max))


class FederationLinkForm(forms.Form):
    peer_url = forms.URLField(
        label=_("Address of the other Klusmarkt"),
        assume_scheme="https",
        help_text=_("For example https://klusmarkt.holland-rijnland.nl"),
    )
    peer_network_name = forms.CharField(
        label=_("Network on the other Klusmarkt"), max_length=120, help_text=_("As it is called there.")
    )
    peer_key = forms.CharField(
        label=_("Federation key"),
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "A coordinator of that network issues it on their Klusmarkt (API keys, “Deliver assignments from a "
            "linked Klusmarkt”), with this Klusmarkt's address. That is their agreement."
        ),
    )
