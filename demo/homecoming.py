"""Demo data for issue 21 items 6 and 7: what placements brought home, and an admitted independent.

- Sanne's completed placement gets her learning record and her leidinggevende's answer (asked on
  completion, answered through the signed link's service).
- Five fictional colleagues at Gemeente Tilburg completed placements in ZPP Brabant in the last
  half-year that has ended, each with both answers: enough for the HR contact's and the
  coordinator's anonymised summaries to show a group (``placements.summaries.MIN_GROUP``).
- Marieke Vos, a former civil servant who now works for herself, is admitted to ZPP Brabant by its
  coordinator, with the intermediary that brings her to assignments named.

Every step goes through the services; only the dates of the history are moved into the past.
Idempotent: an assignment that exists (by title and organisation) is left as it is, and an
admission that exists is not made again.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from assignments.models import Assignment
from demo.networks import ensure_account
from demo.placements import _assignment, _react, _to_running
from marketplace.models import User
from networks.admissions import independent_admit
from networks.models import IndependentAdmission, Membership, Network
from placements import services
from placements.learning import HomeFeedbackRequest, LearningRecord
from placements.models import Placement
from placements.services.homecoming import home_feedback_answer, learning_record_save
from placements.summaries import closed_periods
from profiles.models import EngagementForm, Profile, Visibility

# (email, name, assignment title, themes learned, again, team effect, team themes, support again)
HISTORY = [
    (
        "noor.demo@tilburg.nl",
        "Noor Jacobs",
        "Meekijken bij de provincie: stikstofaanpak",
        ["other-layer", "vision"],
        "yes",
        "strengthened",
        ["vision", "network"],
        "yes",
    ),
    (
        "bas.demo@tilburg.nl",
        "Bas Wouters",
        "Kwartiermaker regionale energiestrategie",
        ["projects", "network"],
        "yes",
        "strengthened",
        ["network"],
        "yes",
    ),
    (
        "lisa.demo@tilburg.nl",
        "Lisa de Graaf",
        "Procesbegeleider dorpsvisie",
        ["advice", "motivation"],
        "yes",
        "neutral",
        ["motivation"],
        "maybe",
    ),
    (
        "koen.demo@tilburg.nl",
        "Koen Smits",
        "Projectleider waterbewust bouwen",
        ["expertise", "projects"],
        "maybe",
        "strained",
        ["expertise"],
        "maybe",
    ),
    (
        "sara.demo@tilburg.nl",
        "Sara Bouzid",
        "Adviseur inclusieve arbeidsmarkt",
        ["leadership", "network"],
        "yes",
        "strengthened",
        ["leadership", "vision"],
        "yes",
    ),
]

INDEPENDENT = ("marieke.demo@example.org", "Marieke Vos")


def _sanne(users: dict[str, User]) -> None:
    placement = (
        Placement.objects.filter(professional=users["professional"], status=Placement.Status.COMPLETED)
        .order_by("pk")
        .first()
    )
    if placement is None:
        return
    if not LearningRecord.objects.filter(placement=placement).exists():
        learning_record_save(
            placement=placement,
            actor=users["professional"],
            learned="Ik kan nu visie vormen op woonbeleid over de gemeentegrens heen.",
            brings_back="Contacten bij de provincie en een aanpak voor wijkgesprekken.",
            themes=["vision", "network"],
            again="yes",
        )
    pending = placement.home_feedback_requests.filter(status=HomeFeedbackRequest.Status.PENDING).first()
    if pending is not None:
        home_feedback_answer(
            request=pending,
            effect="strengthened",
            themes=["network", "vision"],
            support_again="yes",
            comment="Het team merkt dat je met nieuwe ideeën terugkomt. Graag weer!",
        )


def _history(users: dict[str, User], zpp: Network) -> None:
    period = closed_periods()[0]
    moment = period.start + datetime.timedelta(days=60)
    for email, name, title, themes, again, effect, team_themes, support in HISTORY:
        person = ensure_account(email=email, full_name=name)
        Membership.objects.get_or_create(network=zpp, user=person, defaults={"status": Membership.Status.ACTIVE})
        Profile.objects.get_or_create(user=person, defaults={"display_name": name, "visibility": Visibility.NETWORK})
        past = {"start_date": moment.date() - datetime.timedelta(days=90), "end_date": moment.date()}
        assignment, is_new = _assignment(users["client"], title, "Een afgeronde klus uit het vorige half jaar.", **past)
        if not is_new:
            continue
        # Shared in ZPP Brabant's internal databank: the coordinator's summary counts it.
        Assignment.objects.filter(pk=assignment.pk).update(audience=Assignment.Audience.NETWORKS)
        assignment.audience = Assignment.Audience.NETWORKS
        assignment.networks.set([zpp])
        interest = _react(assignment, person, "Ik wil graag een andere kant van de overheid zien.")
        placement = services.interest_select(interest=interest, actor=users["client"])
        _to_running(placement, person, users["client"], users["manager"])
        services.placement_complete(placement=placement, actor=users["client"])
        learning_record_save(
            placement=placement, actor=person, learned="Veel geleerd.", brings_back="", themes=themes, again=again
        )
        request = placement.home_feedback_requests.get(status=HomeFeedbackRequest.Status.PENDING)
        home_feedback_answer(request=request, effect=effect, themes=team_themes, support_again=support)
        # The history happened in the last closed half-year: that is where the summaries count it.
        Placement.objects.filter(pk=placement.pk).update(
            completed_at=moment, started_at=moment - datetime.timedelta(90)
        )
        LearningRecord.objects.filter(placement=placement).update(created_at=moment)
        HomeFeedbackRequest.objects.filter(placement=placement).update(created_at=moment, answered_at=moment)
        Assignment.objects.filter(pk=assignment.pk).update(deadline=moment.date() - datetime.timedelta(days=100))


def _independent(users: dict[str, User], zpp: Network) -> None:
    email, name = INDEPENDENT
    person = ensure_account(email=email, full_name=name)
    profile, _created = Profile.objects.get_or_create(
        user=person,
        defaults={
            "display_name": name,
            "headline": "Organisatieadvies en begeleiding van leiderschapsgesprekken",
            "bio": "Oud-directeur bedrijfsvoering bij een gemeente; nu zelfstandig, tegen een publiek tarief.",
            "visibility": Visibility.NETWORK,
            "open_to_assignments": True,
            "hours_per_week": 16,
        },
    )
    profile.engagement_forms.add(*EngagementForm.objects.filter(code=EngagementForm.Code.ZPP))
    if IndependentAdmission.objects.filter(network=zpp, user=person).exists():
        return
    independent_admit(
        network=zpp,
        actor=users["coordinator"],
        email=email,
        business_name="Vos Organisatieadvies",
        kvk_number="90123456",
        verification="KvK-uittreksel bekeken; oud-werkgever gebeld; kennismaking op 12 november.",
        intermediary="Publiek Talent Bemiddeling",
    )


@transaction.atomic
def seed(users: dict[str, User]) -> None:
    zpp = Network.objects.get(slug="zpp-brabant")
    _sanne(users)
    _history(users, zpp)
    _independent(users, zpp)
