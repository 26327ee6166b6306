"""Demo data for profiles: fictional professionals in every network and at every visibility level.

Idempotent: accounts and profiles are looked up by email, taxonomy rows by slug. Call after
``demo.networks.seed_organisations()`` and ``seed_networks()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.networks import ensure_account
from networks.models import Membership, Network, Organisation
from profiles.discreet import profile_set_discreet
from profiles.models import CoreQuality, EngagementForm, ExperienceEntry, FieldOfWork, PortfolioEntry, Profile
from profiles.services import PROFILE_M2M, profile_save

FIELDS_OF_WORK = [
    "Ruimtelijke ordening en wonen",
    "Sociaal domein",
    "Financiën en control",
    "Informatievoorziening en ICT",
    "Personeel en organisatie",
    "Water en klimaat",
    "Bestuur en juridische zaken",
    "Communicatie",
]

P, N, PL, PU = 0, 1, 2, 3  # private, network, platform, public


@dataclass(frozen=True)
class DemoProfile:
    local: str  # The part before @; the domain is the organisation's own.
    name: str
    network: str
    organisation: str
    job_title: str
    headline: str
    field: str
    expertise: str
    qualities: list[str]
    forms: list[str]
    hours: int
    visibility: int
    contact: int
    remote: bool = False
    rate: int | None = None
    experience: list[tuple[str, str, str, int, int | None]] = field(default_factory=list)
    # Discreet mode (issue 21 item 4): hidden from the employer and from these organisations.
    hide_from: tuple[str, ...] | None = None


# All people are fictional; the email domains are the organisations' real ones, so the
# accounts link to their employer like a real sign-up would.
PEOPLE = [
    DemoProfile(
        "sanne.demo",
        "Sanne de Vries",
        "zpp-brabant",
        "gemeente-tilburg",
        "Beleidsadviseur wonen",
        "Beleidsadviseur wonen met hart voor participatie",
        "Ruimtelijke ordening en wonen",
        "omgevingswet, participatie, woningbouwprogrammering",
        ["verbinden", "initiatief"],
        ["secondment", "own-hours"],
        8,
        PU,
        N,
        experience=[
            ("work", "Beleidsadviseur wonen", "Gemeente Tilburg", 2019, None),
            ("education", "Master Planologie", "Radboud Universiteit", 2012, 2014),
        ],
    ),
    DemoProfile(
        "ruud.demo",
        "Ruud Hendriks",
        "zpp-brabant",
        "gemeente-breda",
        "Projectleider",
        "ZPP'er: projectleider gebiedsontwikkeling",
        "Ruimtelijke ordening en wonen",
        "gebiedsontwikkeling, projectleiding, grondexploitatie",
        ["daadkracht", "doorzettingsvermogen"],
        ["zpp", "secondment"],
        24,
        PL,
        PL,
        rate=95,
        experience=[
            ("work", "Projectleider gebiedsontwikkeling", "Gemeente Breda", 2016, None),
            ("certificate", "IPMA-C", "IPMA Nederland", 2018, None),
        ],
    ),
    DemoProfile(
        "fatima.demo",
        "Fatima El Amrani",
        "zpp-brabant",
        "gemeente-eindhoven",
        "Adviseur informatiebeveiliging",
        "Informatiebeveiliging en AVG voor gemeenten",
        "Informatievoorziening en ICT",
        "informatiebeveiliging, avg, bio",
        ["nauwkeurigheid", "eerlijkheid"],
        ["secondment", "temporary"],
        16,
        N,
        N,
    ),
    DemoProfile(
        "joost.demo",
        "Joost van den Berg",
        "zpp-brabant",
        "provincie-noord-brabant",
        "Controller",
        "Controller met ervaring in subsidies",
        "Financiën en control",
        "planning en control, subsidies, begroting",
        ["analytisch-vermogen"],
        ["own-hours"],
        4,
        P,
        P,
    ),
    DemoProfile(
        "marieke.demo",
        "Marieke Smit",
        "over-loop",
        "ministerie-bzk",
        "Directeur",
        "Directeur die graag meedenkt over verandertrajecten",
        "Personeel en organisatie",
        "verandermanagement, leiderschap, interbestuurlijke samenwerking",
        ["besluitvaardigheid", "verbinden"],
        ["pro-bono"],
        4,
        PU,
        PL,
        remote=True,
        experience=[
            ("work", "Directeur", "Ministerie van BZK", 2020, None),
            ("work", "Gemeentesecretaris", "Gemeente Zeist", 2012, 2020),
        ],
    ),
    DemoProfile(
        "henk.demo",
        "Henk Mulder",
        "over-loop",
        "gemeente-utrecht",
        "Concerndirecteur",
        "Sparringpartner voor bestuurders in het sociaal domein",
        "Sociaal domein",
        "sociaal domein, jeugdzorg, bestuursadvies",
        ["zorgzaamheid", "eerlijkheid"],
        ["pro-bono"],
        2,
        PL,
        N,
    ),
    DemoProfile(
        "ingrid.demo",
        "Ingrid Bos",
        "over-loop",
        "gemeente-den-haag",
        "Programmadirecteur",
        "Programmadirecteur klimaatadaptatie",
        "Water en klimaat",
        "klimaatadaptatie, programmamanagement",
        ["creativiteit"],
        ["pro-bono"],
        4,
        N,
        P,
    ),
    DemoProfile(
        "lotte.demo",
        "Lotte Jansen",
        "werken-in-het-westen",
        "gemeente-leiden",
        "HR-adviseur",
        "HR-adviseur met oog voor mobiliteit",
        "Personeel en organisatie",
        "mobiliteit, loopbaanbegeleiding, arbeidsmarkt",
        ["betrokkenheid"],
        ["secondment", "temporary"],
        12,
        N,
        N,
    ),
    DemoProfile(
        "kees.demo",
        "Kees Verhoeven",
        "werken-in-het-westen",
        "gemeente-katwijk",
        "Jurist omgevingsrecht",
        "Jurist omgevingsrecht, beschikbaar voor bezwaar en beroep",
        "Bestuur en juridische zaken",
        "omgevingsrecht, bezwaar en beroep, handhaving",
        ["nauwkeurigheid", "zelfstandigheid"],
        ["secondment"],
        16,
        PL,
        PL,
    ),
    DemoProfile(
        "eva.demo",
        "Eva de Boer",
        "werken-in-het-westen",
        "gemeente-alphen-aan-den-rijn",
        "Communicatieadviseur",
        "Communicatieadviseur participatie en omgevingsdialoog",
        "Communicatie",
        "participatie, omgevingsdialoog, crisiscommunicatie",
        ["enthousiasme", "creativiteit"],
        ["temporary", "own-hours"],
        8,
        PU,
        PU,
    ),
    DemoProfile(
        "thomas.demo",
        "Thomas Visser",
        "proeftuin",
        "gemeente-rotterdam",
        "Data-analist",
        "Data-analist die beleid meetbaar maakt",
        "Informatievoorziening en ICT",
        "data-analyse, dashboards, monitoring",
        ["analytisch-vermogen", "initiatief"],
        ["secondment", "zpp"],
        20,
        PL,
        N,
        rate=85,
    ),
    DemoProfile(
        "nora.demo",
        "Nora Kuiper",
        "proeftuin",
        "gemeente-groningen",
        "Beleidsmedewerker",
        "Beleidsmedewerker energietransitie",
        "Water en klimaat",
        "energietransitie, warmtenetten",
        ["doorzettingsvermogen"],
        ["secondment"],
        12,
        P,
        P,
    ),
    # Louwers' "gemakkelijk doelwit": an entrepreneurial civil servant in discreet mode, hidden
    # from her own municipality and from the province.
    DemoProfile(
        "ilse.demo",
        "Ilse Martens",
        "zpp-brabant",
        "gemeente-s-hertogenbosch",
        "Programmamanager",
        "Programmamanager duurzaamheid, open voor een klus elders",
        "Water en klimaat",
        "energietransitie, programmamanagement, participatie",
        ["daadkracht", "verbinden"],
        ["secondment", "zpp"],
        16,
        PL,
        N,
        hide_from=("provincie-noord-brabant",),
    ),
]


def _domain(slug: str) -> str | None:
    organisation = Organisation.objects.filter(slug=slug).prefetch_related("domains").first()
    return organisation.domains.all()[0].domain if organisation and organisation.domains.all() else None


def seed_fields_of_work() -> None:
    for name in FIELDS_OF_WORK:
        FieldOfWork.objects.get_or_create(slug=slugify(name), defaults={"name": name})


def _seed_one(person: DemoProfile, index: int) -> Profile | None:
    domain = _domain(person.organisation)
    if domain is None:
        return None
    email = f"{person.local}@{domain}"
    user = ensure_account(email=email, full_name=person.name)
    network = Network.objects.get(slug=person.network)
    if not network.employees_are_members:
        Membership.objects.get_or_create(
            user=user, network=network, defaults={"status": Membership.Status.ACTIVE, "role": Membership.Role.MEMBER}
        )
    existing = Profile.objects.filter(user=user).first()
    if existing is not None:
        # Created on an earlier run: leave it (and its history) as the person may have changed it.
        return existing
    data = {
        "display_name": person.name,
        "headline": person.headline,
        "job_title": person.job_title,
        "bio": f"{person.headline}. Ik werk bij de overheid en zet mijn ervaring graag in voor een tijdelijke klus.",
        "field_of_work": FieldOfWork.objects.get(slug=slugify(person.field)),
        "open_to_assignments": True,
        "hours_per_week": person.hours,
        "available_from": date.today() + timedelta(days=14 * (index % 4)),
        "available_until": None,
        "hourly_rate": person.rate,
        "remote": person.remote,
        "languages": "Nederlands, Engels",
        "contact_email": email,
        "phone": f"06-0000{index:04d}",
        "visibility": person.visibility,
        "contact_visibility": person.contact,
        "core_qualities": list(CoreQuality.objects.filter(slug__in=person.qualities)),
        "engagement_forms": list(EngagementForm.objects.filter(code__in=person.forms)),
        "regions": [r for r in [Organisation.objects.get(slug=person.organisation).province] if r],
    }
    assert set(PROFILE_M2M) <= set(data)
    profile = profile_save(user=user, data=data, expertise=[t.strip() for t in person.expertise.split(",")])
    if person.hide_from is not None:
        named = list(Organisation.objects.filter(slug__in=person.hide_from))
        profile_set_discreet(profile=profile, discreet=True, hidden_from=named, actor=user)
    for kind, title, organisation, start, end in person.experience:
        ExperienceEntry.objects.get_or_create(
            profile=profile,
            title=title,
            defaults={
                "kind": kind,
                "organisation_name": organisation,
                "started_on": date(start, 1, 1),
                "ended_on": date(end, 12, 31) if end else None,
            },
        )
    if index % 3 == 0:
        PortfolioEntry.objects.get_or_create(
            profile=profile,
            title="Tijdelijke versterking programma",
            defaults={
                "organisation_name": "Gemeente Utrecht",
                "started_on": date(2025, 3, 1),
                "ended_on": date(2025, 9, 1),
                "reference_text": "Snel ingewerkt en met resultaat afgerond.",
                "reference_by": "Opdrachtgever (fictief)",
                "reference_rating": 5,
                "is_accepted": True,
            },
        )
    Profile.objects.filter(pk=profile.pk).update(last_active_at=timezone.now() - timedelta(days=index))
    return profile


@transaction.atomic
def seed() -> int:
    """Create or update the demo professionals; returns how many profiles were seeded."""
    seed_fields_of_work()
    return sum(1 for i, person in enumerate(PEOPLE) if _seed_one(person, i) is not None)
