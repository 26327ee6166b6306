from __future__ import annotations

import pytest

from demo import networks as demo
from networks.models import Membership, Network

pytestmark = pytest.mark.django_db


def test_it_seeds_every_network_with_a_coordinator_and_members_in_every_status():
    demo.seed()
    demo.seed()  # idempotent
    assert Network.objects.count() == 4
    for network in Network.objects.all():
        statuses = set(network.memberships.values_list("status", flat=True))
        assert statuses == set(Membership.Status.values), network.slug
        assert network.memberships.filter(role="coordinator", status="active").count() == 1, network.slug
        assert network.description_en
    zpp = Network.objects.get(slug="zpp-brabant")
    assert zpp.participations.count() == 16
    wihw = Network.objects.get(slug="werken-in-het-westen")
    assert wihw.employees_are_members
    assert Membership.objects.filter(user__email="sanne.demo@tilburg.nl", network=zpp, status="active").exists()
