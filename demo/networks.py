"""Demo data for networks: the real organisations, the networks of the article, and accounts.

Idempotent: every row is looked up by a natural key and only created or brought in line.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from demo import data as demo_data
from marketplace.models import User
from networks.models import (
    Membership,
    Network,
    Organisation,
    OrganisationDomain,
    OrganisationRules,
    Participation,
    Region,
)
from networks.services import employment_sync

DEMO_PASSWORD = "klusmarkt-demo-2026"  # noqa: S105 - fictional demo accounts only
# The authenticator-app secret of every demo account that must use two factors (coordinators,
# opdrachtgevers, the admin): add it to an app, or print the current code with `manage.py demo_code`.
DEMO_TOTP_SECRET = "KLUSMARKTDEMOKLUSMARKTDEMOKLUSMA"  # noqa: S105 - demo accounts only (base32)


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    full_name: str
    role: str
    is_staff: bool = False


# One account per role; all people are fictional.
ACCOUNTS = [
    DemoAccount("professional", "sanne.demo@tilburg.nl", "Sanne de Vries", "professional (Gemeente Tilburg)"),
    DemoAccount("client", "pieter.demo@eindhoven.nl", "Pieter Jansen", "opdrachtgever (Gemeente Eindhoven)"),
    DemoAccount("manager", "anouk.demo@tilburg.nl", "Anouk Bakker", "leidinggevende (Gemeente Tilburg)"),
    DemoAccount("hr", "joyce.demo@tilburg.nl", "Joyce Hendriks", "HR contact (Gemeente Tilburg): its rules page"),
    DemoAccount("coordinator", "bram.demo@brabant.nl", "Bram Willems", "coordinator ZPP Brabant"),
    DemoAccount("coordinator-over-loop", "ingrid.demo@minbzk.nl", "Ingrid Smit", "coordinator Over-loop"),
    DemoAccount(
        "coordinator-werken-in-het-westen", "joost.demo@leiden.nl", "Joost van Dijk", "coordinator Werken in het Westen"
    ),
    DemoAccount("coordinator-proeftuin", "fatima.demo@uwv.nl", "Fatima El Amrani", "coordinator Proeftuin"),
    DemoAccount("visitor", "kim.demo@example.com", "Kim Visser", "visitor (no government address)"),
    DemoAccount(
        "independent", "marieke.demo@example.org", "Marieke Vos", "independent professional admitted to ZPP Brabant"
    ),
    DemoAccount("admin", "beheer.demo@minbzk.nl", "Beheerder Klusmarkt", "platform admin", is_staff=True),
]


@transaction.atomic
def seed_organisations() -> int:
    regions = {r.slug: r for r in Region.objects.all()}
    for data in demo_data.ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "kind": data["kind"],
                "province": regions.get(data["province"]),
                "website": data["website"],
            },
        )
        for domain in data["domains"]:
            OrganisationDomain.objects.update_or_create(domain=domain.lower(), defaults={"organisation": organisation})
    return len(demo_data.ORGANISATIONS)


@transaction.atomic
def seed_networks() -> dict[str, Network]:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    networks = {}
    for data in demo_data.NETWORKS:
        network, _ = Network.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "kind": data["kind"],
                "region": data["region"],
                "website": data["website"],
                "description": data["description_nl"],
                "description_en": data["description_en"],
                "join_policy": data["join_policy"],
                "employees_are_members": data["employees_are_members"],
                "moderates_assignments": data["moderates_assignments"],
                "posting_policy": data["posting_policy"],
            },
        )
        for slug in data["organisations"]:
            Participation.objects.get_or_create(network=network, organisation=organisations[slug])
        networks[network.slug] = network
    return networks


def ensure_account(*, email: str, full_name: str, is_staff: bool = False, language: str = "nl") -> User:
    """A demo account with a verified address, linked to its employer like a real sign-up."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, language=language)
    if is_staff and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    employment_sync(user=user)
    return user


# Members of every network in every status; all people are fictional, their addresses are on the
# real domains of the networks' participating organisations.
_S = Membership.Status
NETWORK_PEOPLE: dict[str, list[tuple[str, str, str, str]]] = {
    # network slug: (email, full name, status, motivation or reason); status "" = no membership row
    "zpp-brabant": [
        ("sanne.demo@tilburg.nl", "Sanne de Vries", _S.ACTIVE, "Beleidsadviseur wonen; werk graag als ZPP'er."),
        ("ruud.demo@eindhoven.nl", "Ruud Hendriks", _S.ACTIVE, "Projectleider mobiliteit."),
        ("lotte.demo@breda.nl", "Lotte Peeters", _S.ACTIVE, "Communicatieadviseur."),
        ("mohamed.demo@helmond.nl", "Mohamed Ouali", _S.PENDING, "Ik ben jurist omgevingsrecht en wil graag meedoen."),
        ("eva.demo@oss.nl", "Eva van den Berg", _S.PENDING, "Data-analist; zoek projecten bij andere gemeenten."),
        ("tim.demo@vught.nl", "Tim Verhoeven", _S.INVITED, ""),
        ("karin.demo@waalwijk.nl", "Karin Mutsaers", _S.SUSPENDED, "Tijdelijk geschorst na herhaalde spam."),
        (
            "dirk.demo@example.com",
            "Dirk Jansen",
            _S.REJECTED,
            "ZPP Brabant is voor medewerkers van Brabantse overheden.",
        ),
        ("nicole.demo@boxtel.nl", "Nicole Schoenmakers", _S.LEFT, ""),
    ],
    "over-loop": [
        ("hans.demo@minienw.nl", "Hans Kramer", _S.ACTIVE, ""),
        ("marieke.demo@gelderland.nl", "Marieke Bos", _S.ACTIVE, ""),
        ("paul.demo@denhaag.nl", "Paul de Graaf", _S.INVITED, ""),
        ("yvonne.demo@utrecht.nl", "Yvonne Brouwer", _S.SUSPENDED, "Geen senior managementfunctie meer."),
        ("erik.demo@minvws.nl", "Erik Mulder", _S.LEFT, ""),
        ("sophie.demo@amsterdam.nl", "Sophie Visser", _S.PENDING, "Directeur sociaal domein; graag uitgenodigd."),
        ("gerard.demo@example.com", "Gerard Dekker", _S.REJECTED, "Alleen op uitnodiging."),
    ],
    "werken-in-het-westen": [
        ("anna.demo@leiden.nl", "Anna de Wit", _S.ACTIVE, ""),
        # No membership row: a member through the employer, as every employee of the 22 is.
        ("gijs.demo@alphenaandenrijn.nl", "Gijs Verbeek", "", ""),
        (
            "bas.demo@heemstede.nl",
            "Bas van Leeuwen",
            _S.PENDING,
            "Heemstede grenst aan de regio; ik wil graag meedoen.",
        ),
        ("claire.demo@amstelveen.nl", "Claire Koster", _S.SUSPENDED, "Vacatures gedeeld buiten de regio."),
        ("daan.demo@aalsmeer.nl", "Daan Vermeulen", _S.LEFT, ""),
        ("esther.demo@haarlem.nl", "Esther Prins", _S.INVITED, ""),
        ("frank.demo@example.com", "Frank Hoekstra", _S.REJECTED, "Alleen voor medewerkers van de 22 gemeenten."),
    ],
    "proeftuin": [
        ("iris.demo@rotterdam.nl", "Iris Meijer", _S.ACTIVE, ""),
        ("jeroen.demo@zwolle.nl", "Jeroen Post", _S.ACTIVE, ""),
        ("linda.demo@haarlem.nl", "Linda Vos", _S.PENDING, "Wil experimenteren met flexibele inzet."),
        ("martijn.demo@arnhem.nl", "Martijn Wolters", _S.SUSPENDED, "Reclame voor een bureau."),
        ("noor.demo@minocw.nl", "Noor Haddou", _S.LEFT, ""),
        ("olaf.demo@minszw.nl", "Olaf Kuipers", _S.INVITED, ""),
        ("petra.demo@example.com", "Petra Zwart", _S.REJECTED, "Geen deelnemende organisatie."),
    ],
}

COORDINATORS = {
    "zpp-brabant": "coordinator",
    "over-loop": "coordinator-over-loop",
    "werken-in-het-westen": "coordinator-werken-in-het-westen",
    "proeftuin": "coordinator-proeftuin",
}


def seed_accounts() -> dict[str, User]:
    users = {
        account.key: ensure_account(email=account.email, full_name=account.full_name, is_staff=account.is_staff)
        for account in ACCOUNTS
    }
    seed_memberships(users)
    seed_organisation_rules(users["hr"])
    return users


@transaction.atomic
def seed_memberships(users: dict[str, User]) -> int:
    """A coordinator for each network and members in every status (idempotent)."""
    networks = {n.slug: n for n in Network.objects.filter(slug__in=COORDINATORS)}
    count = 0
    for slug, key in COORDINATORS.items():
        Membership.objects.update_or_create(
            user=users[key],
            network=networks[slug],
            defaults={"role": Membership.Role.COORDINATOR, "status": Membership.Status.ACTIVE},
        )
        for email, full_name, status, text in NETWORK_PEOPLE[slug]:
            person = ensure_account(email=email, full_name=full_name)
            if not status:
                continue
            decided = status not in (Membership.Status.PENDING,)
            values = {
                "role": Membership.Role.MEMBER,
                "status": status,
                "motivation": text if status == Membership.Status.PENDING else "",
                "reason": text if status in (Membership.Status.SUSPENDED, Membership.Status.REJECTED) else "",
                "decided_by": users[key] if decided else None,
            }
            # The decision time is set once, so a second run changes nothing.
            Membership.objects.update_or_create(
                user=person,
                network=networks[slug],
                defaults=values,
                create_defaults={**values, "decided_at": timezone.now() if decided else None},
            )
            count += 1
    return count


def seed() -> dict[str, User]:
    """Everything networks contributes to the demo: organisations, networks, people, memberships."""
    seed_organisations()
    seed_networks()
    return seed_accounts()


def seed_second_factors(users: dict[str, User]) -> list[User]:
    """Give every demo account that must use MFA an authenticator app with the demo secret (idempotent).

    Without it, the demo's coordinators and opdrachtgevers would first be sent to set one up.
    """
    from allauth.mfa.models import Authenticator

    from marketplace.lib.allauth_internals import activate_totp
    from marketplace.middleware import mfa_required

    enrolled = []
    for user in users.values():
        if not (user.is_staff or mfa_required(user)):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            activate_totp(user, DEMO_TOTP_SECRET)
        enrolled.append(user)
    return enrolled


def current_demo_code() -> str:
    """The code an authenticator app with ``DEMO_TOTP_SECRET`` shows now."""
    from marketplace.lib.allauth_internals import current_totp_code

    return current_totp_code(DEMO_TOTP_SECRET)


TILBURG_RULES = {
    "secondment": "Detachering bij een andere overheid kan tot 12 maanden, met behoud van salaris en "
    "rechtspositie. Je leidinggevende en HR stellen samen de detacheringsovereenkomst op.",
    "leave": "Voor een klus bij een andere overheid kun je tot 6 maanden onbetaald verlof opnemen; je "
    "pensioenopbouw loopt door als je dat vooraf regelt.",
    "side_activities": "Meld een klus naast je werk vooraf als nevenwerkzaamheid via het HR-portaal. "
    "Betaalde nevenwerkzaamheden bij een opdrachtgever waar Tilburg zaken mee doet, zijn niet toegestaan.",
    "working_hours": "Tot 8 uur per week binnen je eigen uren, als je leidinggevende instemt.",
    "contact": "HR-adviesteam Gemeente Tilburg (via het HR-portaal of 14 013).",
    "regulation_url": "https://lokaleregelgeving.overheid.nl/",
}


def seed_organisation_rules(hr_contact: User) -> None:
    """Gemeente Tilburg's page of what is possible, kept by its demo HR contact (idempotent)."""

    tilburg = Organisation.objects.get(slug="gemeente-tilburg")
    tilburg.hr_contacts.add(hr_contact)
    OrganisationRules.objects.get_or_create(organisation=tilburg, defaults={**TILBURG_RULES, "updated_by": hr_contact})
