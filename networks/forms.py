"""Forms for joining, moderating, inviting and linking networks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.lib.forms import IsoDateInput
from networks.models import Network, OrganisationRules, PublicRate


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"),
        help_text=_("Tell the coordinator who you are and what you would like to do in this network."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if network.join_policy == Network.JoinPolicy.APPROVAL:
            self.fields["motivation"].required = True
        else:
            del self.fields["motivation"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The person sees this reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), help_text=_("The invitation link is sent to this address."))
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class PartnershipForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        assert isinstance(partner, forms.ModelChoiceField)
        partner.queryset = Network.objects.exclude(pk=network.pk).order_by("name")


class OrganisationRulesForm(forms.ModelForm):
    regulation_url = forms.URLField(
        label=_("Link to the official regulation"),
        required=False,
        assume_scheme="https",
        help_text=_("The official regulation, for example on lokaleregelgeving.overheid.nl."),
    )

    class Meta:
        model = OrganisationRules
        fields = ["secondment", "leave", "side_activities", "working_hours", "contact", "regulation_url"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields[:-1]}
        help_texts = {
            "secondment": _("Can employees work elsewhere for a while on secondment, and on what terms?"),
            "leave": _("Leave (paid or unpaid) to work on an assignment elsewhere."),
            "side_activities": _("What must be reported or approved before working beside one's job."),
            "working_hours": _("Can an assignment be done within one's own hours, and how many?"),
            "contact": _("Who to ask: a department, a role or an address (not a private person)."),
        }


class IndependentAdmitForm(forms.Form):
    """The coordinator's decision to admit an independent professional (networks.independents)."""

    email = forms.EmailField(
        label=_("Email address of their account"), help_text=_("The person signs up first, with any address.")
    )
    business_name = forms.CharField(label=_("Business name"), max_length=120)
    kvk_number = forms.RegexField(
        label=_("Chamber of Commerce number (KvK)"),
        regex=r"^[0-9]{8}$",
        max_length=8,
        error_messages={"invalid": _("A KvK number has eight digits.")},
    )
    verification = forms.CharField(
        label=_("How you verified this person"),
        help_text=_("For example: KvK extract checked, former employer called, met in person."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    intermediary = forms.CharField(
        label=_("Intermediary"),
        help_text=_("The agency that brings this person to assignments, if any: shown to opdrachtgevers."),
        max_length=120,
        required=False,
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class PublicRateForm(forms.ModelForm):
    """One line of the network's public rate table (the coordinator's page)."""

    # The database's limits (public_rate_positive, public_rate_period_ordered), next to the field.
    hourly_rate = PublicRate._meta.get_field("hourly_rate").formfield(min_value=Decimal("0.01"))

    class Meta:
        model = PublicRate
        fields = ["level", "hourly_rate", "valid_from", "valid_until"]
        widgets = {"valid_from": IsoDateInput(), "valid_until": IsoDateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end cannot be before the start."))
        return data


class LedgerPeriodForm(forms.Form):
    """The period of the give-and-take ledger (a GET form: quarters and years)."""

    periode = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["periode"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class LedgerReminderForm(forms.Form):
    """Send an organisation a reminder of the agreement, for the period shown."""

    periode = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
