"""Forms for posting and moderating assignments: they validate; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment
from assignments.selectors import postable_networks
from marketplace.lib.forms import IsoDateInput
from networks.agreement.rates import describe_rate, rates_valid_on
from profiles.formats import MAX_DAGDELEN, REGULAR
from profiles.models import CoreQuality


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class AssignmentForm(forms.ModelForm):
    # The database's limits (assignment_hours_1_to_40, assignment_places_positive), next to the field.
    hours_per_week = Assignment._meta.get_field("hours_per_week").formfield(
        min_value=1, max_value=40, help_text=_("For regular work.")
    )
    # assignment_dagdelen_1_to_20; assignment_hours_or_dagdelen is checked in clean().
    dagdelen = Assignment._meta.get_field("dagdelen").formfield(
        min_value=1,
        max_value=MAX_DAGDELEN,
        help_text=_("For a short format (speaking, a session, coaching, meekijken): how many half-days in all."),
    )
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
            "work_format",
            "hours_per_week",
            "dagdelen",
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
            "work_format": forms.RadioSelect,
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
        self.fields["work_format"].required = False
        self._explain_public_rates()
        instance = self.instance
        if instance.pk:
            self.initial.setdefault("expertise", ", ".join(e.name for e in instance.expertise.all()))
            self.initial.setdefault("co_owner_emails", ", ".join(u.email for u in instance.co_owners.all()))
            if instance.status != Assignment.Status.DRAFT:
                # Who may see it is fixed once published.
                for name in ("audience", "networks", "share_with_partners"):
                    self.fields[name].disabled = True

    def _explain_public_rates(self) -> None:
        """Name the public rates of the networks one may post into next to the rate field."""
        ids = [network.pk for network in self.fields["networks"].queryset]
        lines = rates_valid_on(ids, timezone.localdate())
        if lines:
            named = "; ".join(f"{line.network.name}: {describe_rate(line)}" for line in lines)
            self.fields["rate"].help_text = _(
                "Offered as ZPP in a network with a public rate? Then use that rate: %(rates)s."
            ) % {"rates": named}

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
        self._clean_format(data)
        return data

    def _clean_format(self, data: dict[str, Any]) -> None:
        """Regular work asks hours a week; a short format asks dagdelen (the other one is emptied)."""
        if "work_format" in self.errors:
            return
        # A form from before the short formats (or without a choice) posts regular work.
        data["work_format"] = data.get("work_format") or REGULAR
        if data["work_format"] == REGULAR:
            data["dagdelen"] = None
            if data.get("hours_per_week") is None and "hours_per_week" not in self.errors:
                self.add_error("hours_per_week", _("Give the hours a week of this work."))
        else:
            data["hours_per_week"] = None
            if data.get("dagdelen") is None and "dagdelen" not in self.errors:
                self.add_error("dagdelen", _("Give the number of dagdelen (half-days) of this short format."))

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
