"""Demo data for networks: the real organisations, the networks of the article, and accounts.

Idempotent: every row is looked up by a natural key and only created or brought in line.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from marketplace.models import User
from networks import demo_data
from networks.models import Membership, Network, Organisation, OrganisationDomain, Participation, Region
from networks.services import employment_sync

DEMO_PASSWORD = "klusmarkt-demo-2026"  # noqa: S105 - fictional demo accounts only


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
    DemoAccount("coordinator", "bram.demo@brabant.nl", "Bram Willems", "coordinator ZPP Brabant"),
    DemoAccount("visitor", "kim.demo@example.com", "Kim Visser", "visitor (no government address)"),
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


def seed_accounts() -> dict[str, User]:
    users = {
        account.key: ensure_account(email=account.email, full_name=account.full_name, is_staff=account.is_staff)
        for account in ACCOUNTS
    }
    Membership.objects.update_or_create(
        user=users["coordinator"],
        network=Network.objects.get(slug="zpp-brabant"),
        defaults={"role": Membership.Role.COORDINATOR, "status": Membership.Status.ACTIVE},
    )
    return users
