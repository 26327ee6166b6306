"""The migration that puts the employer on each membership fills it from the employments."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("networks", "0009_public_rates_ledger_reminders")
AFTER = ("networks", "0010_membership_employer")


def test_it_fills_each_memberships_employer_from_the_employment():
    from networks import employers

    old = migrate_to(BEFORE)
    User = old.get_model("marketplace", "User")
    Organisation = old.get_model("networks", "Organisation")
    Network = old.get_model("networks", "Network")
    Membership = old.get_model("networks", "Membership")
    tilburg = Organisation.objects.create(name="Gemeente Tilburg", slug="mig-tilburg")
    breda = Organisation.objects.create(name="Gemeente Breda", slug="mig-breda")
    zpp = Network.objects.create(name="ZPP Brabant", slug="mig-zpp")
    over_loop = Network.objects.create(name="Over-loop", slug="mig-over-loop")
    expected = {}
    for name, organisation in (("sanne", tilburg), ("pieter", breda), ("visitor", None)):
        user = User.objects.create(email=f"{name}@example.nl", is_active=True)
        if organisation:
            old.get_model("networks", "Employment").objects.create(
                user=user, organisation=organisation, email=user.email
            )
        for network in (zpp, over_loop):
            Membership.objects.create(user=user, network=network, status="active")
        expected[name] = organisation.pk if organisation else None

    new = migrate_to(AFTER)
    try:
        stored = set(new.get_model("networks", "Membership").objects.values_list("user__email", "employer_id"))
        assert stored == {(f"{name}@example.nl", pk) for name, pk in expected.items()}
    finally:
        migrate_to_latest()
    assert employers.repair(dry_run=True) == 0
