from __future__ import annotations

import pytest

from demo import networks as network_demo
from demo import profiles as demo
from profiles.models import Profile, Visibility

pytestmark = pytest.mark.django_db


def test_it_seeds_profiles_in_every_network_and_level_idempotently():
    network_demo.seed_organisations()
    network_demo.seed_networks()
    assert demo.seed() == len(demo.PEOPLE)
    assert demo.seed() == len(demo.PEOPLE)
    assert Profile.objects.count() == len(demo.PEOPLE)
    assert set(Profile.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    networks = {p.network for p in demo.PEOPLE}
    assert networks == {"zpp-brabant", "over-loop", "werken-in-het-westen", "proeftuin"}
    sanne = Profile.objects.get(user__email="sanne.demo@tilburg.nl")
    assert sanne.user.employment.organisation.slug == "gemeente-tilburg"
    assert sanne.expertise.count() == 3
    for profile in Profile.objects.select_related("user__employment"):
        assert profile.user.employment is not None
