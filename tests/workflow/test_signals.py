"""The five signals as recorded facts: each with its source and date, all green before a start."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.lib.transitions import InvalidTransition, transition
from marketplace.models import AuditEntry
from networks.models import OrganisationRules
from placements import services
from placements.checklist import placement_signals
from placements.models import ConsentRequest, Placement, SignalFact
from profiles.models import Profile, Visibility
from tests.workflow.conftest import answer_the_signals

pytestmark = pytest.mark.django_db


def url(placement, action=""):
    return f"/klussen/plaatsingen/{placement.code}/{action + '/' if action else ''}"


def signal(placement, key, viewpoint=None):
    placement.refresh_from_db()
    return next(s for s in placement_signals(placement, viewpoint) if s.key == key)


def consent_and_terms(placement, owner, professional):
    """Everything but the three answered signals: consent, side activity, terms confirmed by both."""
    consent = services.placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    services.consent_decide(consent=ConsentRequest.objects.get(pk=consent.pk), consented=True)
    services.placement_record_side_activity(placement=placement, actor=professional, value="reported")
    services.placement_confirm_terms(placement=placement, actor=owner)
    services.placement_confirm_terms(placement=placement, actor=professional)


# -- recorded facts -----------------------------------------------------------------------------


def test_it_records_the_match_at_selection_as_the_source_of_fits(placement):
    fact = SignalFact.objects.get(placement=placement, signal="fits", source="match")
    assert fact.data["score"] == 0 and fact.data["blockers"]  # the profile takes no secondment
    fits = signal(placement, "fits")
    assert (fits.colour, fits.words) == ("amber", "0 of 100")
    assert fits.sources == (f"Klusmarkt's match, {timezone.localdate():%-d %B %Y}",)


def test_it_records_the_rules_read_with_the_employer_and_the_date(placement, professional, other_organisation):
    OrganisationRules.objects.create(organisation=other_organisation, secondment="Tot een jaar.")
    services.placement_read_rules(placement=placement, actor=professional)
    fact = SignalFact.objects.get(placement=placement, signal="possible")
    assert (fact.answer, fact.recorded_by, fact.data["organisation"]) == (True, professional, "Gemeente Breda")
    assert fact.data["rules_updated_at"]
    possible = signal(placement, "possible")
    assert possible.colour == "amber"  # the side activity is not declared yet
    assert possible.explanation == "Read the rules of Gemeente Breda."
    services.placement_record_side_activity(placement=placement, actor=professional, value="not-needed")
    possible = signal(placement, "possible")
    assert possible.colour == "green"
    assert possible.sources[1].startswith("side activity, ")


def test_the_opdrachtgevers_judgement_outweighs_the_match(placement, owner):
    services.placement_judge_fit(placement=placement, actor=owner, fits=True, note="Past bij de wijkaanpak.")
    fits = signal(placement, "fits")
    assert (fits.colour, fits.explanation) == ("green", "Past bij de wijkaanpak.")
    assert fits.sources[0].startswith("the opdrachtgever, ")
    services.placement_judge_fit(placement=placement, actor=owner, fits=False, note="Toch te weinig ervaring.")
    assert signal(placement, "fits").colour == "red"


def test_the_klik_takes_two_answers_each_given_separately(placement, owner, professional):
    services.placement_answer_klik(placement=placement, actor=owner, klik=True)
    klik = signal(placement, "klik")
    assert (klik.colour, klik.words) == ("amber", "one side said yes")
    assert klik.missing == ("the professional has not yet said whether there is a klik",)
    services.placement_answer_klik(placement=placement, actor=professional, klik=True, note="Goed gesprek")
    klik = signal(placement, "klik")
    assert (klik.colour, klik.words) == ("green", "yes, both sides")
    assert klik.explanation == "the professional: yes (Goed gesprek); the opdrachtgever: yes."
    services.placement_answer_klik(placement=placement, actor=professional, klik=False)
    assert signal(placement, "klik").colour == "red"


# -- all five green before a start ---------------------------------------------------------------


def test_it_does_not_start_until_all_five_are_green(placement, owner, professional):
    consent_and_terms(placement, owner, professional)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PREPARING
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True)
    services.placement_answer_klik(placement=placement, actor=owner, klik=True)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PREPARING  # the professional has not said klik
    services.placement_answer_klik(placement=placement, actor=professional, klik=True)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.RUNNING
    assert professional.notifications.filter(kind="assignments.placement.started").exists()


def test_the_transition_helper_refuses_a_start_with_a_signal_missing(placement, owner, professional):
    consent_and_terms(placement, owner, professional)
    with pytest.raises(InvalidTransition) as refused:
        transition(placement, Placement.Status.RUNNING, actor=owner)
    assert refused.value.messages == [
        "The placement cannot start yet: the professional has not yet confirmed reading their employer's rules; "
        "the opdrachtgever has not yet said whether the assignment fits; "
        "the professional has not yet said whether there is a klik; "
        "the opdrachtgever has not yet said whether there is a klik."
    ]
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.PREPARING


def test_a_no_keeps_it_from_starting(placement, owner, professional):
    services.placement_answer_klik(placement=placement, actor=professional, klik=False, note="Geen klik.")
    consent_and_terms(placement, owner, professional)
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True)
    services.placement_answer_klik(placement=placement, actor=owner, klik=True)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PREPARING
    assert signal(placement, "klik", "client").missing == ("the professional said there is no klik",)
    assert signal(placement, "klik", "professional").missing == ("you said there is no klik",)
    services.placement_answer_klik(placement=placement, actor=professional, klik=True)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.RUNNING


def test_it_refuses_the_answers_before_the_introduction(interest, owner, professional):
    services.introduction_plan(
        interest=interest, actor=owner, starts_at=timezone.now() + datetime.timedelta(days=2), location="Stadhuis"
    )
    placement = services.interest_select(interest=interest, actor=owner)
    with pytest.raises(ValidationError) as refused:
        services.placement_judge_fit(placement=placement, actor=owner, fits=True)
    assert "after the introduction on" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.placement_answer_klik(placement=placement, actor=professional, klik=True)
    assert not SignalFact.objects.filter(placement=placement).exclude(source="match").exists()


def test_it_records_every_change_in_the_history_in_words(client, placement, owner, professional):
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True)  # unchanged: nothing happens
    services.placement_judge_fit(placement=placement, actor=owner, fits=False, note="Toch niet.")
    services.placement_answer_klik(placement=placement, actor=professional, klik=True)
    entries = AuditEntry.objects.filter(target_id=str(placement.pk), action__startswith="assignments.placement.")
    actions = list(entries.order_by("created_at", "id").values_list("action", "from_state", "to_state"))
    assert actions[-5:] == [
        ("assignments.placement.match-recorded", "", ""),
        ("assignments.placement.rules-read", "", "yes"),
        ("assignments.placement.fits-judged", "", "yes"),
        ("assignments.placement.fits-judged", "yes", "no"),
        ("assignments.placement.klik-by-professional", "", "yes"),
    ]
    client.force_login(owner)
    client.cookies["django_language"] = "nl"
    page = client.get(url(placement), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "De opdrachtgever heeft beoordeeld of de klus past" in page
    assert "De professional heeft gezegd of er een klik is" in page
    assert "De plaatsing begint als alle vijf signalen op groen staan" in page  # still being arranged
    assert owner.notifications.filter(kind="assignments.placement.signal").count() == 2


# -- the page, for each party ---------------------------------------------------------------------


def test_it_says_what_is_missing_to_each_party_in_their_words(client, placement, owner, professional):
    client.force_login(professional)
    page = client.get(url(placement)).content.decode()
    assert "confirm that you have read your employer&#x27;s rules" in page
    assert "the opdrachtgever has not yet said whether the assignment fits" in page
    assert "ask your leidinggevende for consent" in page
    assert 'action="/klussen/plaatsingen/' + str(placement.code) + '/regels-gelezen/"' in page
    assert "/netwerken/organisaties/mijn-werkgever/" in page  # their own employer's rules
    assert "(needs attention)" in page and "(not yet)" in page  # the colour in words
    client.force_login(owner)
    page = client.get(url(placement)).content.decode()
    assert "the professional has not yet confirmed reading their employer&#x27;s rules" in page
    assert "say whether the assignment fits the professional" in page
    assert "the leidinggevende has not been asked yet" in page
    assert "/regels-gelezen/" not in page and 'action="/klussen/plaatsingen/' + str(placement.code) + '/past/"' in page


def test_it_answers_through_the_views(client, placement, owner, professional):
    client.force_login(professional)
    assert client.post(url(placement, "regels-gelezen"), {}).status_code == 400  # the box must be ticked
    assert client.post(url(placement, "regels-gelezen"), {"rules_read": "on"}).status_code == 302
    assert client.post(url(placement, "klik"), {"klik": "no", "klik_note": "Nog twijfels"}).status_code == 302
    client.force_login(owner)
    assert client.post(url(placement, "past"), {"fits": "yes"}).status_code == 302
    facts = {(f.signal, f.source): (f.answer, f.note) for f in SignalFact.objects.filter(placement=placement)}
    assert facts[("possible", "rules-read")] == (True, "")
    assert facts[("klik", "professional")] == (False, "Nog twijfels")
    assert facts[("fits", "client")] == (True, "")


def test_each_side_answers_only_for_itself(client, placement, owner, professional, outsider, coordinator, network):
    from tests.workflow.test_placements import share_with

    client.force_login(professional)
    assert client.post(url(placement, "past"), {"fits": "yes"}).status_code == 403
    client.force_login(owner)
    assert client.post(url(placement, "regels-gelezen"), {"rules_read": "on"}).status_code == 403
    share_with(placement.assignment, network)
    client.force_login(coordinator)
    for action in ("regels-gelezen", "past", "klik"):
        assert client.post(url(placement, action), {"klik": "yes", "fits": "yes"}).status_code == 403
    client.force_login(outsider)
    for action in ("regels-gelezen", "past", "klik"):
        assert client.post(url(placement, action)).status_code == 404
        assert client.get(url(placement, action)).status_code == 405
    assert not SignalFact.objects.filter(placement=placement).exclude(source="match").exists()


# -- the employer's rules for the opdrachtgever ------------------------------------------------------


def rules_of_breda(other_organisation):
    return OrganisationRules.objects.create(
        organisation=other_organisation,
        secondment="Detachering kan tot twaalf maanden.",
        leave="Onbetaald verlof in overleg.",
        side_activities="Meld nevenwerk bij HR.",
        working_hours="Tot acht uur per week binnen je eigen uren.",
        contact="hr@breda.nl",
        regulation_url="https://lokaleregelgeving.overheid.nl/breda",
    )


def test_the_opdrachtgever_sees_a_summary_of_the_employers_rules(client, placement, owner, other_organisation):
    rules_of_breda(other_organisation)
    client.force_login(owner)
    for path in (url(placement), f"/klussen/{placement.assignment.code}/reacties/{placement.interest.code}/"):
        page = client.get(path).content.decode()
        assert "What is possible at Gemeente Breda, the professional's employer" in page
        assert "Detachering kan tot twaalf maanden." in page
        assert "Tot acht uur per week binnen je eigen uren." in page
        assert "https://lokaleregelgeving.overheid.nl/breda" in page
        # Leave and side activities are the employee's own business with the employer.
        assert "Onbetaald verlof" not in page and "Meld nevenwerk" not in page


def test_the_summary_follows_the_visibility_of_the_profile(client, placement, owner, professional, other_organisation):
    rules_of_breda(other_organisation)
    Profile.objects.filter(user=professional).update(visibility=Visibility.PRIVATE)
    client.force_login(owner)
    for path in (url(placement), f"/klussen/{placement.assignment.code}/reacties/{placement.interest.code}/"):
        page = client.get(path).content.decode()
        assert "Gemeente Breda" not in page and "Detachering kan tot twaalf maanden." not in page


def test_the_placement_page_keeps_a_fixed_number_of_queries(
    client, placement, owner, professional, django_assert_max_num_queries
):
    answer_the_signals(placement, owner, professional)
    client.force_login(owner)
    with django_assert_max_num_queries(40):
        assert client.get(url(placement)).status_code == 200
