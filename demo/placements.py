"""Demo data for the placement workflow: reactions and placements at every step.

``seed(users)`` takes the accounts of ``demo.networks.seed_accounts()`` and creates its own few
open assignments (posted by the demo opdrachtgever), so it works whatever else is seeded. Every
step goes through the services, so history and notifications look like real use. Idempotent:
an assignment that already exists (by title and organisation) is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assignments.models import Assignment
from assignments.services import assignment_search_refresh, assignment_transition
from demo.networks import ensure_account
from marketplace.models import User
from placements import services
from placements.models import ConsentRequest, Interest, Placement
from profiles.models import EngagementForm, Profile

# Extra fictional professionals, so a filled assignment has people who were not selected.
EXTRA_PROFESSIONALS = [
    ("joris.demo@breda.nl", "Joris van Dijk"),
    ("fatima.demo@helmond.nl", "Fatima El Amrani"),
]

# One assignment per step of the workflow, in order.
STEPS = [
    ("Adviseur energietransitie wijkaanpak", "Een nieuwe reactie wacht op de opdrachtgever."),
    ("Kwartiermaker jongerenraad", "De reactie staat op de shortlist."),
    ("Procesbegeleider omgevingsvisie", "Er is een kennismaking gepland."),
    ("Interim-teamleider Publiekszaken", "De reactie is afgewezen met een reden."),
    ("Projectsecretaris regiodeal", "De professional heeft de reactie ingetrokken."),
    (
        "Programmamanager digitale dienstverlening",
        "Geselecteerd: nog niet alles op groen (de leidinggevende, de nevenwerkzaamheden, de klik).",
    ),
    ("Senior adviseur inkoop", "De plaatsing loopt."),
    ("Beleidsadviseur wonen", "Afgerond, met referenties over en weer."),
]

COMPLETED_STEP = 7


def _assignment(client: User, title: str, summary: str, **extra: object) -> tuple[Assignment, bool]:
    organisation = client.employment.organisation
    existing = Assignment.objects.filter(organisation=organisation, title=title).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        title=title,
        summary=summary,
        description=summary + " Tijdelijk, naast je huidige baan, in goed overleg met je leidinggevende.",
        organisation=organisation,
        posted_by=client,
        contact_name=client.get_full_name(),
        contact_email=client.email,
        hours_per_week=extra.pop("hours_per_week", 12),
        start_date=extra.pop("start_date", today + datetime.timedelta(days=30)),
        end_date=extra.pop("end_date", today + datetime.timedelta(days=150)),
        place=organisation.name.removeprefix("Gemeente "),
        compensation=Assignment.Compensation.PUBLIC_RATE,
        rate=Decimal("92.50"),
        deadline=today + datetime.timedelta(days=21),
        audience=Assignment.Audience.PLATFORM,
        **extra,
    )
    # Created here rather than by assignment_create (which refreshes it): the search vector too.
    assignment_search_refresh(assignment_ids=[assignment.pk])
    assignment.engagement_forms.set(EngagementForm.objects.filter(code=EngagementForm.Code.SECONDMENT))
    assignment_transition(assignment=assignment, to=Assignment.Status.OPEN, actor=client)
    return assignment, True


def _react(assignment: Assignment, professional: User, motivation: str) -> Interest:
    return services.interest_create(
        assignment=assignment, professional=professional, motivation=motivation, availability="Vanaf volgende maand"
    )


def _introduce(interest: Interest, client: User) -> None:
    services.introduction_plan(
        interest=interest,
        actor=client,
        starts_at=timezone.now() + datetime.timedelta(days=3, hours=2),
        location="Stadhuis, kamer 2.14",
        note="Een kop koffie en een eerste verkenning.",
    )


def _held(interest: Interest) -> None:
    """The planned introduction took place (a week ago): the fit and the klik come after it."""
    interest.introductions.update(starts_at=timezone.now() - datetime.timedelta(days=7))


def _in_progress(placement: Placement, professional: User, manager: User) -> None:
    """Some signals green, some not: the page says what is missing, to each side in its words."""
    services.placement_request_consent(placement=placement, actor=professional, manager_email=manager.email)
    services.placement_record_side_activity(placement=placement, actor=professional, value="not-yet")
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_answer_klik(
        placement=placement, actor=professional, klik=True, note="Een fijn en open gesprek over de aanpak."
    )


def _to_running(placement: Placement, professional: User, client: User, manager: User) -> None:
    consent = services.placement_request_consent(placement=placement, actor=professional, manager_email=manager.email)
    services.consent_decide(
        consent=ConsentRequest.objects.get(pk=consent.pk), consented=True, comment="Goed voor je ontwikkeling!"
    )
    services.placement_record_side_activity(placement=placement, actor=professional, value="reported")
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(
        placement=placement, actor=client, fits=True, note="Ervaring met inkooptrajecten en een frisse blik."
    )
    services.placement_answer_klik(placement=placement, actor=client, klik=True)
    services.placement_answer_klik(placement=placement, actor=professional, klik=True)
    services.placement_confirm_terms(placement=placement, actor=client)
    services.placement_confirm_terms(placement=placement, actor=professional)


@transaction.atomic
def seed(users: dict[str, User]) -> dict[str, int]:
    """Create the workflow demo; returns how many assignments were created per step."""
    client, professional, manager = users["client"], users["professional"], users["manager"]
    Profile.objects.get_or_create(
        user=professional, defaults={"display_name": professional.get_full_name(), "open_to_assignments": True}
    )
    extras = [ensure_account(email=email, full_name=name) for email, name in EXTRA_PROFESSIONALS]
    created: dict[str, int] = {}
    today = timezone.localdate()
    for index, (title, summary) in enumerate(STEPS):
        # The completed one ran in the past: a placement is completed only after its start.
        past = {"start_date": today - datetime.timedelta(days=150), "end_date": today - datetime.timedelta(days=10)}
        assignment, is_new = _assignment(client, title, summary, **(past if index == COMPLETED_STEP else {}))
        created[title] = int(is_new)
        if not is_new:
            continue
        interest = _react(assignment, professional, "Dit sluit mooi aan bij mijn ervaring; ik help graag.")
        _advance(index, interest, assignment, professional, client, manager, extras)
    return created


def _advance(
    step: int,
    interest: Interest,
    assignment: Assignment,
    professional: User,
    client: User,
    manager: User,
    extras: list[User],
) -> None:
    if step == 1:
        services.interest_shortlist(interest=interest, actor=client)
    elif step == 2:
        services.interest_shortlist(interest=interest, actor=client)
        _introduce(interest, client)
    elif step == 3:
        services.interest_decline(
            interest=interest, actor=client, reason="We kiezen voor iemand met ervaring in publiekszaken."
        )
    elif step == 4:
        services.interest_withdraw(interest=interest, actor=professional)
    elif step >= 5:
        for extra in extras:
            _react(assignment, extra, "Ik heb hier eerder aan gewerkt en wil graag meedenken.")
        _introduce(interest, client)
        placement = services.interest_select(interest=interest, actor=client)
        _held(interest)
        if step == 5:
            _in_progress(placement, professional, manager)
            return
        _to_running(placement, professional, client, manager)
        if step == COMPLETED_STEP:
            services.placement_complete(placement=placement, actor=client)
            reference = services.reference_give(
                placement=placement, actor=client, text="Sanne bracht rust en richting in het team.", rating=5
            )
            services.reference_give(placement=placement, actor=professional, text="Heldere opdracht.", rating=4)
            services.reference_accept(reference=reference, actor=professional)
