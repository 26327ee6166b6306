"""Forms: validate and normalise what the owner types; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.lib.forms import IsoDateInput
from networks.models import Organisation
from profiles.models import CoreQuality, EngagementForm, ExperienceEntry, Profile
from profiles.selfscan import SCALE, STATEMENTS
from profiles.services import PROFILE_FIELDS, PROFILE_M2M, SHARE_LINK_MAX_DAYS, parse_tags
from profiles.uploads import process_photo, validate_pdf

DATE = IsoDateInput()


class ProfileForm(forms.ModelForm):
    expertise_text = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_("Separate with commas, e.g. omgevingswet, participatie, projectleiding."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-tag-input": "expertise"}),
    )
    suggest_quality = forms.CharField(
        label=_("Suggest a core quality that is missing"),
        required=False,
        max_length=100,
        help_text=_("An administrator adds it to the list after review."),
    )
    cv_file = forms.FileField(
        label=_("CV (PDF)"),
        required=False,
        help_text=_("Only PDF, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    remove_cv = forms.BooleanField(label=_("Remove my CV"), required=False)
    photo_file = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    linkedin_url = forms.URLField(label=_("LinkedIn"), required=False, assume_scheme="https")
    # The database allows at most 60 (profile_hours_at_most_60): say so next to the field.
    hours_per_week = Profile._meta.get_field("hours_per_week").formfield(max_value=60)

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS + PROFILE_M2M
        widgets = {
            "available_from": DATE,
            "available_until": DATE,
            "core_qualities": forms.CheckboxSelectMultiple,
            "engagement_forms": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["core_qualities"].queryset = CoreQuality.objects.filter(is_approved=True)
        self.fields["expertise_text"].widget.attrs.update(
            {
                "hx-get": reverse("profiles:expertise-autocomplete"),
                "hx-trigger": "keyup changed delay:300ms",
                "hx-target": "#expertise-suggestions",
            }
        )
        if self.instance.pk and not self.is_bound:
            self.initial["expertise_text"] = ", ".join(e.name for e in self.instance.expertise.all())

    def clean_expertise_text(self) -> list[str]:
        return parse_tags(self.cleaned_data["expertise_text"])

    def clean_cv_file(self) -> bytes | None:
        upload = self.cleaned_data.get("cv_file")
        return validate_pdf(upload) if upload else None

    def clean_photo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("photo_file")
        return process_photo(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end cannot be before the start."))
        forms_chosen = {f.code for f in data.get("engagement_forms") or []}
        if data.get("hourly_rate") is not None and EngagementForm.Code.ZPP not in forms_chosen:
            self.add_error("hourly_rate", _("A public hourly rate only applies when you accept work as ZPP."))
        visibility, contact = data.get("visibility"), data.get("contact_visibility")
        if visibility is not None and contact is not None and contact > visibility:
            self.add_error("contact_visibility", _("Contact details cannot be more open than the profile itself."))
        return data

    def _post_clean(self) -> None:
        # The service writes the profile, so the model's own validation of the instance
        # (which would need a user) is skipped; the form's field checks above still ran.
        pass


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = ExperienceEntry
        fields = ["kind", "title", "organisation_name", "started_on", "ended_on", "description"]
        widgets = {"started_on": DATE, "ended_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return data

    def _post_clean(self) -> None:
        pass


class ShareLinkForm(forms.Form):
    label = forms.CharField(label=_("For whom"), max_length=120, help_text=_("E.g. the name of the opdrachtgever."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=SHARE_LINK_MAX_DAYS, initial=14)
    include_contact = forms.BooleanField(label=_("Also show my contact details and CV"), required=False)


class QuadrantForm(forms.Form):
    quality = forms.ModelChoiceField(
        label=_("Core quality"), queryset=CoreQuality.objects.filter(is_approved=True), to_field_name="slug"
    )
    pitfall = forms.CharField(label=_("Pitfall"), max_length=100, help_text=_("Too much of your quality."))
    challenge = forms.CharField(
        label=_("Challenge"), max_length=100, help_text=_("The positive opposite of the pitfall.")
    )
    allergy = forms.CharField(label=_("Allergy"), max_length=100, help_text=_("Too much of your challenge, in others."))
    show = forms.BooleanField(label=_("Show my core quadrant on my profile"), required=False)


class SelfScanForm(forms.Form):
    show = forms.BooleanField(label=_("Show my self-scan on my profile"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, (_key, statement) in enumerate(STATEMENTS):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=statement, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([f"q{i}" for i in range(len(STATEMENTS))] + ["show"])

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{i}"] for i in range(len(STATEMENTS))]


class DiscreetForm(forms.ModelForm):
    """Discreet mode and the organisations to hide from besides the employer; the service writes."""

    class Meta:
        model = Profile
        fields = ["discreet", "hidden_from"]
        labels = {"discreet": _("Discreet mode: hide me from my own organisation")}
        help_texts = {
            "discreet": _(
                "Your profile, reactions and placements are hidden from the people of your employer and of "
                "the organisations below, and from everyone who is not logged in with a government address. "
                "Your leidinggevende still gets the consent request for a placement."
            ),
            "hidden_from": _("Also hide from these organisations (hold Ctrl or Cmd to choose more than one)."),
        }
        widgets = {"hidden_from": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hidden_from"].queryset = Organisation.objects.order_by("name")

    def _post_clean(self) -> None:
        pass
