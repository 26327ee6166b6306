"""Forms of the placement workflow: one per action; the services do the work."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.forms import ConfirmForm
from marketplace.lib.forms import IsoDateInput, IsoTimeInput
from placements.learning import Again, TeamEffect, Theme
from placements.models import Placement
from profiles.models import EngagementForm


class InterestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"),
        help_text=_("Why this assignment, and what you bring to it."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )
    availability = forms.CharField(
        label=_("Availability"),
        help_text=_("For example: from 1 March, two days a week."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The professional reads this; a kind word helps."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class IntroductionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    time = forms.TimeField(label=_("Time"), widget=IsoTimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=15, max_value=480, initial=45)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def clean(self) -> dict:
        data = super().clean()
        # The service takes one moment: date and time become ``starts_at``.
        day, moment = data.pop("date", None), data.pop("time", None)
        if day and moment:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, moment))
        if not (data.get("location") or data.get("video_url")) and not self.errors:
            self.add_error("location", _("Give a place or a video link."))
        return data


class ManagerForm(forms.Form):
    manager_email = forms.EmailField(
        label=_("Email address of your leidinggevende"),
        help_text=_("They get a link to agree or decline, without needing an account."),
    )


class SideActivityForm(forms.Form):
    side_activity = forms.ChoiceField(
        label=_("Side activity (nevenwerkzaamheden)"),
        help_text=_("As a civil servant you must report side activities to your employer."),
        choices=Placement.SideActivity.choices,
        widget=forms.RadioSelect,
    )


class TermsForm(forms.Form):
    engagement_form = forms.ModelChoiceField(label=_("Engagement form"), queryset=EngagementForm.objects.all())
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"),
        min_value=1,
        max_value=40,
        required=False,
        help_text=_("Not for a short format (speaking, a session...): that is agreed in dagdelen."),
    )
    start_date = forms.DateField(label=_("Start"), widget=IsoDateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=IsoDateInput())
    rate = forms.DecimalField(
        label=_("Hourly rate (euro)"), max_digits=7, decimal_places=2, required=False, min_value=0
    )
    pro_bono = forms.BooleanField(label=_("Pro bono"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirm = forms.BooleanField(label=_("Yes, cancel this placement: this cannot be undone."), required=True)

    def clean(self) -> dict:
        data = super().clean()
        data.pop("confirm", None)
        return data


class ReferenceForm(forms.Form):
    text = forms.CharField(
        label=_("Reference"),
        help_text=_("A few lines on how the work went."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is the best."),
    )
    share_title = forms.BooleanField(
        label=_("Show the assignment's title on the professional's portfolio"),
        help_text=_(
            "The assignment is not public: without your consent the portfolio shows only the "
            "organisation, the period and the field of work."
        ),
        required=False,
    )

    def __init__(self, *args: object, offer_title: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not offer_title:
            del self.fields["share_title"]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("consent", _("I agree")), ("decline", _("I do not agree"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


def complete_form() -> ConfirmForm:
    return ConfirmForm(label=_("Yes, the work is done: this cannot be undone."))


# -- the checklist's signals (placements.services.checklist) -------------------------------------

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class RulesReadForm(forms.Form):
    rules_read = forms.BooleanField(
        label=_("I have read my employer's rules on working beside my job"),
        help_text=_("Secondment, leave, side activities and working hours: what is possible at your employer."),
    )


class FitsForm(forms.Form):
    fits = forms.TypedChoiceField(
        label=_("Does the assignment fit this professional?"),
        help_text=_("Your own judgement after the introduction: qualities, experience and interest."),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    fits_note = forms.CharField(
        label=_("Explanation (optional)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )


class KlikForm(forms.Form):
    klik = forms.TypedChoiceField(
        label=_("Is there a klik?"),
        help_text=_("Your own answer after the introduction; the other side answers for themselves."),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    klik_note = forms.CharField(
        label=_("Explanation (optional)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )


class VerifyForm(forms.Form):
    text = forms.CharField(
        label=_("The reference text you received"),
        help_text=_("Paste the text exactly as you received it: the page says whether it matches the signature."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


# -- what the placement brought home (placements.learning) ----------------------------------------


class LearningForm(forms.Form):
    learned = forms.CharField(
        label=_("What did you learn?"),
        help_text=_("In your own words: only you see this text."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    brings_back = forms.CharField(
        label=_("What do you bring back to your own organisation?"),
        help_text=_("Knowledge, contacts, a way of working. Only you see this text."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        help_text=_(
            "Counted without your name in the summary for your organisation's HR contact and the "
            "network's coordinator, and only in groups of at least five people."
        ),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    again = forms.ChoiceField(label=_("Would you do it again?"), choices=Again.choices, widget=forms.RadioSelect)


class HomeManagerForm(forms.Form):
    manager_email = forms.EmailField(
        label=_("Email address of your leidinggevende"),
        help_text=_("They get a link to say what your placement meant for the team, without needing an account."),
    )


class HomeFeedbackForm(forms.Form):
    effect = forms.ChoiceField(
        label=_("What did the placement do to the team?"), choices=TeamEffect.choices, widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label=_("What did the team gain?"),
        help_text=_("Counted without names, in groups of at least five answers."),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support_again = forms.ChoiceField(
        label=_("Would you support such a placement again?"), choices=Again.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment for your employee"),
        help_text=_("Only your employee reads this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
