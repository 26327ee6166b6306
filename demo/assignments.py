"""Demo assignments: every audience and every status, across the four networks of the demo.

Call ``seed()`` after ``demo.networks.seed_organisations/seed_networks/seed_accounts`` (and the
profiles demo). Idempotent: an assignment is looked up by organisation and title, and only
created (through the services, so history and search vectors are real) when it is missing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from assignments import services
from assignments.models import Assignment
from demo import networks as network_demo
from marketplace.models import User
from networks.models import Membership, Network, Region
from profiles.formats import REGULAR, WorkFormat
from profiles.models import EngagementForm

S = Assignment.Status
A = Assignment.Audience
C = Assignment.Compensation
R = Assignment.RemoteOption

# Extra fictional posters, one per network whose posting rule the seeded accounts do not meet.
POSTERS = {
    "overloop": ("ingrid.demo@minbzk.nl", "Ingrid Smit", "over-loop", Membership.Role.COORDINATOR),
    "wiw": ("joost.demo@leiden.nl", "Joost van Dam", None, None),
    "proeftuin": ("fenna.demo@zwolle.nl", "Fenna Mulder", "proeftuin", Membership.Role.MEMBER),
}


@dataclass(frozen=True)
class DemoAssignment:
    title: str
    poster: str
    audience: str
    status: str
    networks: list[str] = field(default_factory=list)
    share: bool = False
    summary: str = ""
    hours: int = 16
    compensation: str = C.PUBLIC_RATE
    rate: int | None = 95
    remote: str = R.HYBRID
    place: str = ""
    region: str = ""
    forms: list[str] = field(default_factory=lambda: [EngagementForm.Code.SECONDMENT, EngagementForm.Code.ZPP])
    expertise: list[str] = field(default_factory=list)
    reason: str = ""
    # A short format (Over-loop's kind of work) asks dagdelen instead of hours a week.
    work_format: str = REGULAR
    dagdelen: int | None = None


ASSIGNMENTS = [
    DemoAssignment(
        "Projectleider warmtetransitie", "client", A.PUBLIC, S.OPEN,
        summary="Trek de wijkaanpak aardgasvrij voor twee wijken.", hours=24, place="Eindhoven",
        region="noord-brabant", expertise=["warmtetransitie", "projectleiding"],
    ),
    DemoAssignment(
        "Adviseur omgevingswet", "client", A.NETWORKS, S.OPEN, networks=["zpp-brabant"],
        summary="Help het team vergunningen met de werkprocessen onder de Omgevingswet.",
        place="Eindhoven", region="noord-brabant", expertise=["omgevingswet"],
    ),
    DemoAssignment(
        "Data-analist sociaal domein", "client", A.NETWORKS, S.AWAITING_MODERATION,
        networks=["zpp-brabant"], share=True, summary="Maak de monitor jeugdhulp bruikbaar voor de raad.",
        remote=R.REMOTE, expertise=["data-analyse", "jeugdhulp"],
    ),
    DemoAssignment(
        "Kwartiermaker energieloket", "client", A.NETWORKS, S.DRAFT, networks=["zpp-brabant"],
        summary="Zet een regionaal energieloket op.", reason="Vermeld nog de looptijd en het uurtarief.",
    ),
    DemoAssignment(
        "Communicatieadviseur wijkaanpak", "client", A.PLATFORM, S.CLOSED,
        summary="Schrijf het communicatieplan voor de wijkvernieuwing.", hours=12,
    ),
    DemoAssignment(
        "Inkoopadviseur aanbesteding groenonderhoud", "client", A.ORGANISATION, S.FILLED,
        summary="Begeleid de Europese aanbesteding.", expertise=["inkoop", "aanbesteden"],
    ),
    DemoAssignment(
        "Procesbegeleider participatie", "client", A.PUBLIC, S.COMPLETED,
        summary="Leid vier bewonersavonden over de herinrichting van het centrum.", hours=8,
    ),
    DemoAssignment(
        "Tijdelijk teamleider Burgerzaken", "client", A.ORGANISATION, S.CANCELLED,
        summary="Vervanging tijdens verlof.", hours=32, forms=[EngagementForm.Code.TEMPORARY],
    ),
    DemoAssignment(
        "Beleidsmedewerker mobiliteit", "client", A.PLATFORM, S.DRAFT, summary="Nog in concept.",
    ),
    DemoAssignment(
        "Sparringpartner voor een nieuwe directeur", "overloop", A.NETWORKS, S.OPEN, networks=["over-loop"],
        summary="Een ervaren bestuurder denkt drie maanden mee.", hours=4, compensation=C.PRO_BONO, rate=None,
        forms=[EngagementForm.Code.PRO_BONO],
    ),
    DemoAssignment(
        "Interim-advies reorganisatie", "overloop", A.NETWORKS, S.AWAITING_MODERATION, networks=["over-loop"],
        summary="Kijk mee bij de herinrichting van een directie.", hours=6, compensation=C.PRO_BONO, rate=None,
        forms=[EngagementForm.Code.PRO_BONO],
    ),
    DemoAssignment(
        "Spreker op het congres Samen besturen in het sociaal domein", "overloop", A.NETWORKS, S.OPEN,
        networks=["over-loop"], summary="Vertel bestuurders en managers over jeugdzorg en bestuursadvies in het "
        "sociaal domein: een ochtend, pro bono.", hours=0, compensation=C.PRO_BONO, rate=None,
        forms=[EngagementForm.Code.PRO_BONO], expertise=["sociaal domein", "jeugdzorg"],
        work_format=WorkFormat.Code.SPEAKING, dagdelen=1,
    ),
    DemoAssignment(
        "Tijdelijk beleidsadviseur wonen", "wiw", A.NETWORKS, S.OPEN, networks=["werken-in-het-westen"],
        summary="Schrijf mee aan de woonvisie van de regio.", place="Leiden", region="zuid-holland",
        expertise=["wonen", "beleid"],
    ),
    DemoAssignment(
        "Projectsecretaris regionale samenwerking", "wiw", A.NETWORKS, S.CLOSED,
        networks=["werken-in-het-westen"], summary="Ondersteun het portefeuillehoudersoverleg.", place="Leiden",
    ),
    DemoAssignment(
        "Onderzoeker hybride werken", "proeftuin", A.NETWORKS, S.OPEN, networks=["proeftuin"], share=True,
        summary="Zet een experiment met werken tussen vast en flex op en evalueer het.", remote=R.REMOTE,
    ),
    DemoAssignment(
        "Coach voor startende ambtenaren", "proeftuin", A.PUBLIC, S.OPEN,
        summary="Begeleid vijf starters een half jaar.", hours=2, compensation=C.PRO_BONO, rate=None,
        forms=[EngagementForm.Code.PRO_BONO, EngagementForm.Code.OWN_HOURS], place="Zwolle", region="overijssel",
    ),
]  # fmt: skip


def _posters(accounts: dict[str, User]) -> dict[str, User]:
    posters = {"client": accounts["client"]}
    Membership.objects.update_or_create(
        user=accounts["client"],
        network=Network.objects.get(slug="zpp-brabant"),
        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE},
    )
    for key, (email, name, network, role) in POSTERS.items():
        user = network_demo.ensure_account(email=email, full_name=name)
        if network:
            Membership.objects.update_or_create(
                user=user,
                network=Network.objects.get(slug=network),
                defaults={"role": role, "status": Membership.Status.ACTIVE},
            )
        posters[key] = user
    return posters


def _data(spec: DemoAssignment) -> dict:
    today = timezone.localdate()
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": f"{spec.summary}\n\nDit is een voorbeeldopdracht in de demo van Klusmarkt.",
        "work_format": spec.work_format,
        "hours_per_week": spec.hours if spec.work_format == REGULAR else None,
        "dagdelen": spec.dagdelen,
        "start_date": today + datetime.timedelta(days=30),
        # A short format happens on one day; regular work runs for months.
        "end_date": today + datetime.timedelta(days=30 if spec.work_format != REGULAR else 210),
        "deadline": today + datetime.timedelta(days=21),
        "place": spec.place,
        "region": Region.objects.filter(slug=spec.region).first(),
        "remote_option": spec.remote,
        "compensation": spec.compensation,
        "rate": spec.rate,
        "places": 1,
        "audience": spec.audience,
        "networks": list(Network.objects.filter(slug__in=spec.networks)),
        "share_with_partners": spec.share,
        "engagement_forms": list(EngagementForm.objects.filter(code__in=spec.forms)),
        "expertise": spec.expertise,
        "contact_name": "",
        "contact_email": "",
    }


def _coordinator_of(assignment: Assignment) -> User:
    return User.objects.filter(
        memberships__network__in=assignment.networks.filter(moderates_assignments=True),
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
    ).first()


def _bring_to_status(assignment: Assignment, spec: DemoAssignment, poster: User) -> None:
    if spec.status == S.CANCELLED:
        services.assignment_cancel(assignment=assignment, actor=poster, reason="Het verlof gaat niet door.")
        return
    if spec.status == S.DRAFT and not spec.reason:
        return
    services.assignment_publish(assignment=assignment, actor=poster)
    if assignment.status == S.AWAITING_MODERATION and spec.status != S.AWAITING_MODERATION:
        coordinator = _coordinator_of(assignment)
        if spec.reason:
            services.assignment_send_back(assignment=assignment, actor=coordinator, reason=spec.reason)
            return
        services.assignment_approve(assignment=assignment, actor=coordinator)
    path = {S.CLOSED: [S.CLOSED], S.FILLED: [S.FILLED], S.COMPLETED: [S.CLOSED, S.COMPLETED]}
    for target in path.get(spec.status, []):
        services.assignment_transition(assignment=assignment, to=target, actor=poster)


@transaction.atomic
def seed() -> list[Assignment]:
    """Create the demo assignments that are missing; return all of them."""
    posters = _posters(network_demo.seed_accounts())
    result = []
    for spec in ASSIGNMENTS:
        poster = posters[spec.poster]
        existing = Assignment.objects.filter(organisation__employments__user=poster, title=spec.title).first()
        if existing is None:
            existing = services.assignment_create(actor=poster, data=_data(spec))
            _bring_to_status(existing, spec, poster)
        result.append(existing)
    return result
