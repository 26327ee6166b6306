"""Dates survive a round trip: ISO values in date inputs, and saving an edit form unchanged changes nothing.

A browser shows ``<input type="date" value="01-02-2027">`` as an empty field; submitting the form
then fails ("required") or silently clears the date. Two guards:

- every date, datetime and time input of every form and filter set renders its value in the
  ISO form the browser reads, in each language;
- every edit form of the product, opened on existing data and submitted as the page shows it,
  leaves the object exactly as it was (the "save unchanged is a no-op" property).
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.utils import translation

from assignments.filters import AssignmentFilter
from assignments.forms import AssignmentForm, CancelForm, SendBackForm
from assignments.models import Assignment
from marketplace.forms import ConfirmForm, NotificationPreferenceForm
from marketplace.models import NotificationPreference
from marketplace.services import notification_preference_set
from matching.forms import SavedSearchForm
from networks import forms as network_forms
from networks.models import Region
from networks.sso.views import WorkEmailForm
from placements import forms as placement_forms
from placements.models import Placement, SignalFact
from placements.services import placement_answer_klik, placement_judge_fit, placement_set_terms
from profiles import forms as profile_forms
from profiles.filters import ProfileFilter
from profiles.formats import WorkFormat
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork, Profile
from profiles.selfscan import STATEMENTS
from tests import factories
from tests.guards.inventory import domain_filtersets, domain_forms
from tests.html_forms import form_with

pytestmark = pytest.mark.django_db

ISO = {
    "date": (datetime.date(2027, 2, 1), "2027-02-01"),
    "datetime-local": (datetime.datetime(2027, 2, 1, 9, 30), "2027-02-01T09:30"),
    "time": (datetime.time(9, 30), "09:30"),
}


def _widgets() -> list[tuple[str, forms.Widget]]:
    found = []
    for form_class in domain_forms():
        found += [(f"{form_class.__qualname__}.{n}", f.widget) for n, f in form_class.base_fields.items()]
    for filterset in domain_filtersets():
        # On a copy: ``Filter.field`` caches the form field on the filter, which would outlive this test.
        found += [
            (f"{filterset.__qualname__}.{n}", copy.deepcopy(f).field.widget) for n, f in filterset.base_filters.items()
        ]
    return found


def _form_fields() -> list[tuple[str, forms.Field]]:
    return [(f"{cls.__qualname__}.{n}", f) for cls in domain_forms() for n, f in cls.base_fields.items()]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_renders_every_date_input_in_iso_form(language):
    checked = 0
    with translation.override(language):
        for name, widget in _widgets():
            kind = getattr(widget, "input_type", None)
            if kind in ISO:
                value, expected = ISO[kind]
                assert widget.format_value(value) == expected, name
                checked += 1
    assert checked >= 10


def test_it_gives_every_date_field_a_date_input():
    kinds = {forms.DateField: "date", forms.DateTimeField: "datetime-local", forms.TimeField: "time"}
    wrong = [
        name
        for name, field in _form_fields()
        if type(field) in kinds and getattr(field.widget, "input_type", None) != kinds[type(field)]
    ]
    assert wrong == []


# Save unchanged is a no-op. Each edit form: a page with existing data, and a snapshot of what it edits.

EDIT_PAGES: dict[type[forms.BaseForm], Callable[..., tuple[str, Callable[[], object]]]] = {}
# The other forms create a row or take one action; they have nothing to keep.
NOT_EDIT_FORMS = {
    AssignmentFilter._meta.form,  # the range checks of the two list filters: GET forms, they edit nothing
    ProfileFilter._meta.form,
    profile_forms.ExperienceForm,
    profile_forms.ShareLinkForm,
    network_forms.JoinForm,
    network_forms.ReasonForm,
    network_forms.InviteForm,
    network_forms.PartnershipForm,
    network_forms.PublicRateForm,  # adds a line to the rate table; lines are removed, not edited
    network_forms.LedgerPeriodForm,  # a GET form: chooses the period shown
    network_forms.LedgerReminderForm,  # sends a reminder
    placement_forms.InterestForm,
    placement_forms.DeclineForm,
    placement_forms.IntroductionForm,
    placement_forms.ManagerForm,
    placement_forms.SideActivityForm,
    placement_forms.ReasonForm,
    placement_forms.ReferenceForm,
    placement_forms.ConsentForm,
    placement_forms.RulesReadForm,
    placement_forms.VerifyForm,
    placement_forms.LearningForm,  # given once (placements.summaries: a closed period never changes)
    placement_forms.HomeManagerForm,
    placement_forms.HomeFeedbackForm,
    network_forms.IndependentAdmitForm,
    SavedSearchForm,
    SendBackForm,
    CancelForm,
    ConfirmForm,
    WorkEmailForm,
}


def edit_page(form_class: type[forms.BaseForm]):
    def register(function):
        EDIT_PAGES[form_class] = function
        return function

    return register


def _snapshot(instance, *m2m: str) -> dict[str, object]:
    instance.refresh_from_db()
    # When it was saved is not what it holds: saving marks the person active.
    values = model_to_dict(instance, exclude=["updated_at", "last_active_at", *m2m])
    values.update({name: sorted(o.pk for o in getattr(instance, name).all()) for name in m2m})
    return values


def _full_profile(owner) -> Profile:
    profile = factories.ProfileFactory(
        user=owner,
        bio="Ik werk aan betaalbaar wonen.\nEn aan de omgevingswet.",
        job_title="Senior beleidsadviseur",
        field_of_work=FieldOfWork.objects.first(),
        hours_per_week=16,
        available_from=datetime.date(2027, 2, 1),
        available_until=datetime.date(2027, 11, 30),
        hourly_rate=Decimal("95.50"),
        visibility=2,
        contact_visibility=1,
        phone="06-11112222",
        linkedin_url="https://www.linkedin.com/in/sanne",
    )
    profile.engagement_forms.set(EngagementForm.objects.filter(code__in=["zpp", "secondment"]))
    profile.work_formats.set(WorkFormat.objects.filter(code__in=["speaking", "look-inside"]))
    profile.core_qualities.set(CoreQuality.objects.filter(is_approved=True)[:2])
    profile.regions.set(Region.objects.all()[:2])
    profile.expertise.set([Expertise.objects.create(name=name, slug=name) for name in ("omgevingswet", "wonen")])
    return profile


@edit_page(profile_forms.ProfileForm)
def profile_page(owner, **_):
    profile = _full_profile(owner)
    return "/professionals/mijn-profiel/", lambda: _snapshot(
        profile, "engagement_forms", "work_formats", "core_qualities", "regions", "expertise"
    )


@edit_page(profile_forms.QuadrantForm)
def quadrant_page(owner, **_):
    profile = _full_profile(owner)
    quality = CoreQuality.objects.filter(is_approved=True).first()
    Profile.objects.filter(pk=profile.pk).update(
        quadrant_quality=quality,
        quadrant_pitfall="Drammerig",
        quadrant_challenge="Geduld",
        quadrant_allergy="Passiviteit",
        show_quadrant=True,
    )
    return "/professionals/mijn-profiel/kernkwadrant/", lambda: _snapshot(profile)


@edit_page(profile_forms.DiscreetForm)
def discreet_page(owner, organisation, **_):
    profile = _full_profile(owner)
    Profile.objects.filter(pk=profile.pk).update(discreet=True)
    profile.hidden_from.set([organisation])
    return "/professionals/mijn-profiel/wie-ziet-wat/", lambda: _snapshot(profile, "hidden_from")


@edit_page(profile_forms.SelfScanForm)
def selfscan_page(owner, **_):
    profile = _full_profile(owner)
    answers = [(i % 5) + 1 for i in range(len(STATEMENTS))]
    Profile.objects.filter(pk=profile.pk).update(scan_answers=answers, show_scan=True)

    def snapshot():
        values = _snapshot(profile)
        values.pop("scan_completed_at", None)
        return values

    return "/professionals/mijn-profiel/zelfscan/", snapshot


def _assignment_page(owner, organisation, network, status):
    factories.MembershipFactory(user=owner, network=network)
    assignment = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=owner,
        status=status,
        summary="Twee dagen per week.",
        description="Wij zoeken een projectleider.\n\nVoor de warmtetransitie.",
        start_date=datetime.date(2027, 2, 1),
        end_date=datetime.date(2027, 6, 30),
        deadline=datetime.date(2027, 1, 15),
        hours_per_week=16,
        rate=Decimal("95.00"),
        place="Tilburg",
        region=Region.objects.first(),
        field_of_work=FieldOfWork.objects.first(),
        audience=Assignment.Audience.NETWORKS,
        networks=[network],
        contact_name="Loes Vial",
        contact_email="loes@tilburg.nl",
    )
    assignment.core_qualities.set(CoreQuality.objects.filter(is_approved=True)[:2])
    assignment.expertise.set([Expertise.objects.create(name="warmtetransitie", slug="warmtetransitie")])
    m2m = ("engagement_forms", "core_qualities", "networks", "expertise", "co_owners")
    return f"/klussen/{assignment.code}/bewerken/", lambda: _snapshot(assignment, *m2m)


@edit_page(AssignmentForm)
def assignment_page(owner, organisation, network, **_):
    return _assignment_page(owner, organisation, network, Assignment.Status.DRAFT)


def test_it_keeps_a_published_assignment_unchanged(client, owner, organisation, network):
    """The published form has disabled fields (who may see it): they must not be lost either."""
    url, snapshot = _assignment_page(owner, organisation, network, Assignment.Status.OPEN)
    _assert_unchanged_save(client, owner, url, snapshot, "title")


@edit_page(placement_forms.TermsForm)
def terms_page(owner, placement, **_):
    placement_set_terms(
        placement=placement,
        actor=owner,
        engagement_form=EngagementForm.objects.get(code="secondment"),
        hours_per_week=12,
        start_date=datetime.date(2027, 2, 1),
        end_date=datetime.date(2027, 6, 30),
        rate=Decimal("87.50"),
        pro_bono=False,
    )
    instance = Placement.objects.get(pk=placement.pk)

    def snapshot():
        values = _snapshot(instance)
        # Saving asks both sides to confirm again; what is compared is the terms themselves.
        values.pop("terms_confirmed_by_client_at")
        return values

    return f"/klussen/plaatsingen/{placement.code}/", snapshot


def _signal_facts(placement):
    return lambda: [_snapshot(fact) for fact in SignalFact.objects.filter(placement=placement).order_by("pk")]


@edit_page(placement_forms.FitsForm)
def fits_page(owner, placement, **_):
    placement_judge_fit(placement=placement, actor=owner, fits=False, note="Te weinig ervaring.\nMet wonen.")
    return f"/klussen/plaatsingen/{placement.code}/", _signal_facts(placement)


@edit_page(placement_forms.KlikForm)
def klik_page(owner, placement, **_):
    placement_answer_klik(placement=placement, actor=owner, klik=True, note="Een goed gesprek.")
    return f"/klussen/plaatsingen/{placement.code}/", _signal_facts(placement)


@edit_page(NotificationPreferenceForm)
def preferences_page(owner, **_):
    notification_preference_set(
        user=owner,
        actor=owner,
        matches=NotificationPreference.Pace.WEEKLY,
        saved_searches=NotificationPreference.Pace.OFF,
    )
    return "/meldingen/voorkeuren/", lambda: _snapshot(NotificationPreference.objects.get(user=owner))


@edit_page(network_forms.OrganisationRulesForm)
def _organisation_rules(owner, organisation):
    from networks.models import OrganisationRules

    organisation.hr_contacts.add(owner)
    OrganisationRules.objects.create(
        organisation=organisation,
        secondment="Detachering kan tot 12 maanden.\nIn overleg met je leidinggevende.",
        working_hours="Tot 8 uur per week binnen je eigen uren.",
        regulation_url="https://lokaleregelgeving.overheid.nl/CVDR1",
    )
    url = f"/netwerken/organisaties/{organisation.slug}/regels/bewerken/"
    return url, lambda: _snapshot(OrganisationRules.objects.get(organisation=organisation))


FIRST_FIELD = {
    network_forms.OrganisationRulesForm: "secondment",
    profile_forms.ProfileForm: "display_name",
    profile_forms.QuadrantForm: "pitfall",
    profile_forms.SelfScanForm: "q0",
    AssignmentForm: "title",
    profile_forms.DiscreetForm: "discreet",
    placement_forms.TermsForm: "hours_per_week",
    placement_forms.FitsForm: "fits_note",
    placement_forms.KlikForm: "klik_note",
    NotificationPreferenceForm: "matches",
}


def test_it_knows_every_edit_form():
    assert set(domain_forms()) == set(EDIT_PAGES) | NOT_EDIT_FORMS


def _assert_unchanged_save(client, user, url, snapshot, field):
    # In Dutch: its localised date format ("01-02-2027") is the one a date input cannot read.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    client.cookies["django_language"] = "nl"
    client.force_login(user)
    before = snapshot()
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="nl"' in page.content.decode()
    form = form_with(page.content, field)
    response = client.post(form.action or url, form.data())
    assert response.status_code == 302, re.findall(r"error[^>]*>(.*?)</div>", response.content.decode(), re.S)
    assert snapshot() == before


@pytest.mark.parametrize("form_class", list(EDIT_PAGES), ids=lambda cls: cls.__name__)
def test_it_changes_nothing_when_an_edit_form_is_saved_unchanged(form_class, request, client, owner):
    function = EDIT_PAGES[form_class]
    names = [n for n in ("owner", "organisation", "network", "placement") if n in function.__code__.co_varnames]
    url, snapshot = function(**{name: request.getfixturevalue(name) for name in names})
    _assert_unchanged_save(client, owner, url, snapshot, FIRST_FIELD[form_class])
