"""Forms for joining, moderating, inviting and linking networks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Network, OrganisationRules


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
