"""Every database constraint a person can run into is checked by the form first, next to the field.

A ``CheckConstraint`` or ``UniqueConstraint`` that a form can violate must never surface as an
IntegrityError (a 500, and every other edit of that save lost) or as Django's "Constraint … is
violated". The guard:

1. finds every constraint on every model of the domain apps;
2. finds every form of those apps and the model fields it writes (a ModelForm's own fields; a
   plain form's through ``PLAIN_FORMS``, where a new plain form must be entered);
3. for every form that writes a field of a constraint, requires a case below that posts a
   violating value through the real page and finds the message next to the field, with nothing
   saved. Constraints no form reaches are listed with the reason (``NOT_FROM_A_FORM``) or the
   service test that refuses them (``REFUSED_BY_A_SERVICE``).

A new constraint, or a form that newly writes a constrained field, fails here until it has a case.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterator

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from assignments.filters import AssignmentFilter
from assignments.forms import AssignmentForm, CancelForm, SendBackForm
from assignments.models import Assignment
from marketplace.forms import ConfirmForm, NotificationPreferenceForm
from marketplace.models import NotificationPreference
from matching.forms import SavedSearchForm
from matching.models import SavedSearch
from networks import forms as network_forms
from networks import services as network_services
from networks.models import IndependentAdmission, Invitation, LedgerReminder, Membership, Partnership, PublicRate
from networks.sso.views import WorkEmailForm  # asks for an address to find its provider; writes nothing
from placements import forms as placement_forms
from placements import services as placement_services
from placements.models import (
    ConsentRequest,
    HomeFeedbackRequest,
    Interest,
    Introduction,
    LearningRecord,
    Placement,
    Reference,
    SignalFact,
)
from profiles import forms as profile_forms
from profiles.filters import ProfileFilter
from profiles.models import ExperienceEntry, Profile, ShareLink
from tests import factories
from tests.guards.inventory import DOMAIN_APPS, domain_forms
from tests.html_forms import field_error, form_with
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

# Plain forms (not ModelForms): the model each one writes, and its fields' names there when they differ.
PLAIN_FORMS: dict[type[forms.BaseForm], tuple[type[models.Model], dict[str, str]]] = {
    profile_forms.ShareLinkForm: (ShareLink, {"days": "expires_at"}),
    profile_forms.QuadrantForm: (
        Profile,
        {"pitfall": "quadrant_pitfall", "challenge": "quadrant_challenge", "allergy": "quadrant_allergy"},
    ),
    profile_forms.SelfScanForm: (Profile, {"show": "show_scan"}),
    network_forms.JoinForm: (Membership, {}),
    network_forms.ReasonForm: (Membership, {}),
    network_forms.InviteForm: (Invitation, {}),
    network_forms.PartnershipForm: (Partnership, {}),
    network_forms.LedgerReminderForm: (LedgerReminder, {}),
    placement_forms.InterestForm: (Interest, {}),
    placement_forms.DeclineForm: (Interest, {"reason": "decline_reason"}),
    placement_forms.IntroductionForm: (Introduction, {"date": "starts_at", "time": "starts_at"}),
    placement_forms.ManagerForm: (ConsentRequest, {}),
    placement_forms.SideActivityForm: (Placement, {}),
    placement_forms.TermsForm: (Placement, {}),
    placement_forms.ReasonForm: (Placement, {}),
    placement_forms.ReferenceForm: (Reference, {}),
    placement_forms.ConsentForm: (ConsentRequest, {}),
    placement_forms.RulesReadForm: (SignalFact, {"rules_read": "answer"}),
    placement_forms.FitsForm: (SignalFact, {"fits": "answer", "fits_note": "note"}),
    placement_forms.KlikForm: (SignalFact, {"klik": "answer", "klik_note": "note"}),
    placement_forms.LearningForm: (LearningRecord, {}),
    placement_forms.HomeManagerForm: (HomeFeedbackRequest, {}),
    placement_forms.HomeFeedbackForm: (HomeFeedbackRequest, {}),
    network_forms.IndependentAdmitForm: (IndependentAdmission, {}),
    SavedSearchForm: (SavedSearch, {}),
    NotificationPreferenceForm: (NotificationPreference, {}),
}
# Forms that write no model row (the reason for a decision is kept in the audit log).
WRITES_NO_ROW = {
    # The range checks of the two list filters (GET forms: they choose what is shown).
    AssignmentFilter._meta.form,
    ProfileFilter._meta.form,
    SendBackForm,
    CancelForm,
    ConfirmForm,
    WorkEmailForm,
    placement_forms.VerifyForm,
    network_forms.LedgerPeriodForm,
}

NOT_FROM_A_FORM = {
    "domain_lowercase": "email domains are entered by staff in the Django admin, which validates constraints",
    "participation_unique": "participations are entered by staff in the Django admin, which validates constraints",
    "match_unique_per_pair": "matches are written by the matcher only",
    "profile_audience_unique": "audience rows are derived from the visibility rule by profiles.audience only",
    "match_score_at_most_100": "scores are computed by matching.scoring, capped at 100",
    "saved_search_hit_unique": "hits are written by the saved-search matcher only",
    "portfolio_rating_1_to_5": "portfolio entries copy the rating of a Reference (reference_rating_1_to_5)",
    "assignment_approval_once_per_network": "approvals are written by the approve service only, once per network",
    "match_feedback_unique_per_pair": "feedback is written by feedback_not_interested (get_or_create)",
    "notification_has_an_addressee": "notifications are written by notify/email_outbox, never from a form",
    "signal_fact_one_per_source": "the checklist's services update the one row of a signal and source (locked)",
    "independent_admission_one_per_network": "written by independent_admit only (a second admission updates the first)",
}
# Unique constraints on fields no form has (who reacts, which side): the service refuses a second row.
REFUSED_BY_A_SERVICE = {
    "interest_one_live_per_assignment": "test_it_refuses_a_second_reaction",
    "reference_one_per_side": "test_it_refuses_a_second_reference_from_one_side",
    "partnership_unique": "test_it_refuses_a_second_partnership",
    "membership_unique": "test_it_refuses_a_second_membership",
    "ledger_reminder_once_a_month": "test_it_refuses_a_second_reminder_in_a_month",
}


def domain_constraints() -> Iterator[tuple[type[models.Model], models.BaseConstraint]]:
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


def constraint_fields(constraint: models.BaseConstraint) -> set[str]:
    """The model fields a constraint reads."""
    if isinstance(constraint, models.UniqueConstraint):
        return set(constraint.fields)
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            names.add(node[0].split("__")[0])
            walk(node[1])
        elif isinstance(node, F):
            names.add(node.name.split("__")[0])
        elif hasattr(node, "get_source_expressions"):
            for expression in node.get_source_expressions():
                walk(expression)

    walk(constraint.condition)
    return names


def written_fields(form_class: type[forms.BaseForm]) -> tuple[type[models.Model] | None, set[str]]:
    if issubclass(form_class, forms.ModelForm):
        return form_class._meta.model, set(form_class.base_fields)
    if form_class in WRITES_NO_ROW:
        return None, set()
    model, renames = PLAIN_FORMS[form_class]
    return model, {renames.get(name, name) for name in form_class.base_fields}


def test_it_knows_every_form_of_the_domain_apps():
    """A new plain form must say which model it writes (PLAIN_FORMS) or that it writes none."""
    unknown = [
        cls.__qualname__
        for cls in domain_forms()
        if not issubclass(cls, forms.ModelForm) and cls not in PLAIN_FORMS and cls not in WRITES_NO_ROW
    ]
    assert unknown == []


def test_it_has_a_case_or_a_reason_for_every_constraint():
    names = {constraint.name for _model, constraint in domain_constraints()}
    covered = {name for name, _form in CASES} | set(NOT_FROM_A_FORM) | set(REFUSED_BY_A_SERVICE)
    assert names - covered == set(), "constraints without form validation"
    assert covered - names == set(), "cases for constraints that no longer exist"


def test_it_has_a_case_for_every_form_that_writes_a_constrained_field():
    missing = []
    for form_class in domain_forms():
        model, fields = written_fields(form_class)
        for constraint_model, constraint in domain_constraints():
            if constraint_model is model and constraint_fields(constraint) & fields:
                if constraint.name in REFUSED_BY_A_SERVICE:
                    continue
                if (constraint.name, form_class) not in CASES:
                    missing.append(f"{constraint.name} × {form_class.__qualname__}")
    assert missing == []


def test_it_names_a_service_test_that_exists():
    for test_name in REFUSED_BY_A_SERVICE.values():
        assert callable(globals().get(test_name)), test_name


# The cases: post a violating value through the page that shows the form.

CASES: dict[tuple[str, type[forms.BaseForm]], Callable[..., None]] = {}


Case = Callable[..., None]


def case(constraint_name: str, form_class: type[forms.BaseForm]) -> Callable[[Case], Case]:
    def register(function: Callable[..., None]) -> Callable[..., None]:
        CASES[(constraint_name, form_class)] = function
        return function

    return register


def refused(client, page_url: str, field: str, value: object, *, error_id: str | None = None, **also: object) -> str:
    """Post the page's form with ``field`` set to ``value``; return the error shown next to the field."""
    page = client.get(page_url)
    assert page.status_code == 200
    form = form_with(page.content, field)
    response = client.post(form.action or page_url, form.data(**{field: value, **also}))
    assert response.status_code in (200, 400), response.status_code
    error = field_error(response.content, error_id or f"id_{field}")
    assert error, f"no error next to {field}"
    return error


def own_profile(owner) -> Profile:
    return factories.ProfileFactory(user=owner, visibility=2, contact_visibility=1, hours_per_week=16)


@case("profile_hours_at_most_60", profile_forms.ProfileForm)
def case_profile_hours(client, owner, **_):
    profile = own_profile(owner)
    client.force_login(owner)
    assert "60" in refused(client, "/professionals/mijn-profiel/", "hours_per_week", "70", headline="Nieuw")
    profile.refresh_from_db()
    assert (profile.hours_per_week, profile.headline) == (16, "Beleidsadviseur met ervaring in ruimtelijke ordening")


@case("contact_not_more_open_than_profile", profile_forms.ProfileForm)
def case_profile_contact(client, owner, **_):
    profile = own_profile(owner)
    client.force_login(owner)
    refused(client, "/professionals/mijn-profiel/", "contact_visibility", "3")
    profile.refresh_from_db()
    assert profile.contact_visibility == 1


@case("profile_available_period_ordered", profile_forms.ProfileForm)
def case_profile_period(client, owner, **_):
    own_profile(owner)
    client.force_login(owner)
    refused(
        client,
        "/professionals/mijn-profiel/",
        "available_until",
        "2027-01-01",
        available_from="2027-02-01",
    )
    assert Profile.objects.get(user=owner).available_until is None


@case("experience_period_ordered", profile_forms.ExperienceForm)
def case_experience_period(client, owner, **_):
    own_profile(owner)
    client.force_login(owner)
    refused(
        client,
        "/professionals/mijn-profiel/",
        "ended_on",
        "2020-01-01",
        started_on="2021-01-01",
        title="Adviseur",
    )
    assert not ExperienceEntry.objects.exists()


def draft(owner, organisation) -> Assignment:
    return factories.AssignmentFactory(
        organisation=organisation,
        posted_by=owner,
        status=Assignment.Status.DRAFT,
        published_at=None,
        start_date=datetime.date(2027, 2, 1),
        end_date=datetime.date(2027, 6, 1),
    )


def _assignment_case(field: str, values: list[str], **also: str) -> Callable[..., None]:
    def run(client, owner, organisation, **_):
        assignment = draft(owner, organisation)
        client.force_login(owner)
        before = Assignment.objects.values().get(pk=assignment.pk)
        for value in values:
            refused(client, f"/klussen/{assignment.code}/bewerken/", field, value, **also)
        assert Assignment.objects.values().get(pk=assignment.pk) == before

    return run


def _hours_or_dagdelen(client, owner, organisation, **_):
    """A short format without dagdelen, and regular work without hours, are refused next to the field."""
    _assignment_case("dagdelen", [""], work_format="speaking")(client, owner, organisation)
    Assignment.objects.all().delete()
    _assignment_case("hours_per_week", [""], work_format="regular")(client, owner, organisation)


def _rates_case(field: str, value: str, **also: str) -> Callable[..., None]:
    def run(client, coordinator, **_):
        client.force_login(with_mfa(coordinator))
        refused(client, "/netwerken/zpp-brabant/beheer/tarief/", field, value, **also)
        assert not PublicRate.objects.exists()

    return run


CASES[("public_rate_positive", network_forms.PublicRateForm)] = _rates_case("hourly_rate", "0", valid_from="2027-01-01")
CASES[("public_rate_period_ordered", network_forms.PublicRateForm)] = _rates_case(
    "valid_until", "2026-12-31", valid_from="2027-01-01", hourly_rate="95"
)


def _register_assignment_cases() -> None:
    CASES[("assignment_hours_1_to_40", AssignmentForm)] = _assignment_case("hours_per_week", ["0", "41"])
    CASES[("assignment_places_positive", AssignmentForm)] = _assignment_case("places", ["0"])
    CASES[("assignment_dagdelen_1_to_20", AssignmentForm)] = _assignment_case(
        "dagdelen", ["0", "21"], work_format="speaking"
    )
    CASES[("assignment_hours_or_dagdelen", AssignmentForm)] = _hours_or_dagdelen
    CASES[("assignment_period_ordered", AssignmentForm)] = _assignment_case(
        "end_date", ["2027-01-01"], start_date="2027-02-01"
    )


_register_assignment_cases()


@case("placement_period_ordered", placement_forms.TermsForm)
def case_terms_period(client, owner, placement, **_):
    client.force_login(owner)
    before = Placement.objects.values().get(pk=placement.pk)
    refused(
        client,
        f"/klussen/plaatsingen/{placement.code}/",
        "end_date",
        "2027-01-01",
        start_date="2027-02-01",
        hours_per_week="8",
        pro_bono="on",
        engagement_form=str(placement.assignment.engagement_forms.first().pk),
    )
    assert Placement.objects.values().get(pk=placement.pk) == before


@case("placement_hours_1_to_40", placement_forms.TermsForm)
def case_terms_hours(client, owner, placement, **_):
    client.force_login(owner)
    before = Placement.objects.values().get(pk=placement.pk)
    for hours in ("0", "41"):
        refused(
            client,
            f"/klussen/plaatsingen/{placement.code}/",
            "hours_per_week",
            hours,
            start_date="2027-02-01",
            pro_bono="on",
            engagement_form=str(placement.assignment.engagement_forms.first().pk),
        )
    assert Placement.objects.values().get(pk=placement.pk) == before


@case("introduction_has_place_or_link", placement_forms.IntroductionForm)
def case_introduction(client, owner, interest, assignment, **_):
    client.force_login(owner)
    refused(
        client,
        f"/klussen/{assignment.code}/reacties/{interest.code}/",
        "location",
        "",
        video_url="",
        date="2027-02-01",
        time="10:00",
    )
    assert not Introduction.objects.exists()


@case("reference_rating_1_to_5", placement_forms.ReferenceForm)
def case_reference_rating(client, owner, completed, **_):
    client.force_login(owner)
    page = client.get(f"/klussen/plaatsingen/{completed.code}/")
    form = form_with(page.content, "text")
    response = client.post(form.action, form.data(text="Prima gewerkt.", rating="6"))
    assert response.status_code == 400
    assert field_error(response.content, "id_rating")
    assert not Reference.objects.exists()


@case("partnership_not_self", network_forms.PartnershipForm)
def case_partnership_self(client, coordinator, network, **_):
    client.force_login(with_mfa(coordinator))
    refused(client, f"/netwerken/{network.slug}/beheer/partners/", "partner", str(network.pk))
    assert not Partnership.objects.exists()


@case("invitation_email_lowercase", network_forms.InviteForm)
def case_invitation_lowercase(client, coordinator, network, **_):
    """Normalised rather than refused: the address is stored in lower case."""
    client.force_login(with_mfa(coordinator))
    page = client.get(f"/netwerken/{network.slug}/beheer/uitnodigen/")
    form = form_with(page.content, "email")
    response = client.post(form.action or page.request["PATH_INFO"], form.data(email="Nieuw.Lid@Breda.NL"))
    assert response.status_code == 302
    assert Invitation.objects.get().email == "nieuw.lid@breda.nl"


@pytest.mark.parametrize("key", list(CASES), ids=[f"{name}-{form.__name__}" for name, form in CASES])
def test_it_refuses_a_violating_value_next_to_the_field(key, request, client):
    function = CASES[key]
    wanted = [name for name in inspect.signature(function).parameters if name not in ("client", "_")]
    fixtures = {name: request.getfixturevalue(name) for name in wanted}
    function(client=client, **fixtures)


# The unique constraints that no form field reaches: the service refuses a second row, in words.


def test_it_refuses_a_second_reminder_in_a_month(coordinator, network, other_organisation):
    from networks.agreement.ledger import ledger_remind, period_from

    factories.ParticipationFactory(network=network, organisation=other_organisation)
    other_organisation.hr_contacts.add(factories.employee(other_organisation))
    ledger_remind(network=network, organisation=other_organisation, actor=coordinator, period=period_from(None))
    with pytest.raises(ValidationError, match=r"already|al "):
        ledger_remind(network=network, organisation=other_organisation, actor=coordinator, period=period_from(None))


def test_it_refuses_a_second_reaction(interest, assignment, professional):
    with pytest.raises(ValidationError, match=r"al gereageerd|already reacted"):
        placement_services.interest_create(
            assignment=assignment, professional=professional, motivation="Nog eens.", availability=""
        )


def test_it_refuses_a_second_reference_from_one_side(completed, owner):
    placement_services.reference_give(placement=completed, actor=owner, text="Goed.", rating=5)
    with pytest.raises(ValidationError):
        placement_services.reference_give(placement=completed, actor=owner, text="Nog eens.", rating=4)
    assert Reference.objects.count() == 1


def test_it_refuses_a_second_partnership(network, other_network, coordinator):
    network_services.partnership_propose(proposer=network, partner=other_network, actor=coordinator)
    with pytest.raises(ValidationError) as refused_twice:
        network_services.partnership_propose(proposer=network, partner=other_network, actor=coordinator)
    assert "partner" in refused_twice.value.error_dict


def test_it_refuses_a_second_membership(member, network):
    with pytest.raises(ValidationError):
        network_services.membership_join(network=network, user=member)
    assert Membership.objects.filter(user=member, network=network).count() == 1


def test_it_leaves_no_constraint_name_in_a_message():
    for _model, constraint in domain_constraints():
        message = str(constraint.get_violation_error_message())
        assert constraint.name not in message, constraint.name
