"""Forms for posting and moderating assignments: they validate; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment
from assignments.selectors import postable_networks
from marketplace.lib.forms import IsoDateInput
from profiles.models import CoreQuality


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class AssignmentForm(forms.ModelForm):
    # The database's limits (assignment_hours_1_to_40, assignment_places_positive), next to the field.
    hours_per_week = Assignment._meta.get_field("hours_per_week").formfield(min_value=1, max_value=40)
    places = Assignment._meta.get_field("places").formfield(min_value=1)
    expertise = forms.CharField(
        label=_("Required expertise"),
        required=False,
        help_text=_("Separate with commas, e.g. omgevingswet, projectleiding."),
    )
    co_owner_emails = forms.CharField(
        label=_("Co-owners"),
        required=False,
        help_text=_("Work addresses of colleagues who may manage this assignment with you, separated by commas."),
    )

    class Meta:
        model = Assignment
        fields = [
            "title",
            "summary",
            "description",
            "field_of_work",
            "core_qualities",
            "hours_per_week",
            "start_date",
            "end_date",
            "place",
            "region",
            "remote_option",
            "engagement_forms",
            "compensation",
            "rate",
            "budget",
            "deadline",
            "places",
            "contact_name",
            "contact_email",
            "audience",
            "networks",
            "share_with_partners",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "start_date": IsoDateInput(),
            "end_date": IsoDateInput(),
            "deadline": IsoDateInput(),
            "core_qualities": forms.CheckboxSelectMultiple,
            "engagement_forms": forms.CheckboxSelectMultiple,
            "networks": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
        }
        help_texts = {
            "networks": _("Only networks in which you may post are listed."),
            "share_with_partners": _("Members of the partner networks of the chosen networks may then see it too."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = postable_networks(user)
        self.fields["core_qualities"].queryset = CoreQuality.objects.filter(is_approved=True)
        self.fields["audience"].choices = Assignment.Audience.choices
        instance = self.instance
        if instance.pk:
            self.initial.setdefault("expertise", ", ".join(e.name for e in instance.expertise.all()))
            self.initial.setdefault("co_owner_emails", ", ".join(u.email for u in instance.co_owners.all()))
            if instance.status != Assignment.Status.DRAFT:
                # Who may see it is fixed once published.
                for name in ("audience", "networks", "share_with_partners"):
                    self.fields[name].disabled = True

    def clean_expertise(self) -> list[str]:
        return _split(self.cleaned_data["expertise"])[:20]

    def clean_co_owner_emails(self) -> list[str]:
        emails = [e.lower() for e in _split(self.cleaned_data["co_owner_emails"])]
        validator = forms.EmailField()
        for email in emails:
            validator.clean(email)
        return emails[:10]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        if data.get("audience") == Assignment.Audience.NETWORKS and not data.get("networks"):
            self.add_error("networks", _("Choose at least one network."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if self.fields["audience"].disabled:
            for name in ("audience", "networks", "share_with_partners"):
                data.pop(name, None)
        return data


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you sending it back?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The poster sees this, and can change the assignment and publish it again."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("Yes, cancel this assignment: this cannot be undone."), required=True)
