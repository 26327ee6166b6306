"""One tag normalisation for profiles and assignments: the same words make the same expertise."""

from __future__ import annotations

import pytest

from assignments import services as assignment_services
from profiles.models import Expertise
from profiles.services import expertise_for

pytestmark = pytest.mark.django_db


def test_profiles_and_assignments_store_a_tag_the_same_way(owner, organisation):
    [from_profile] = expertise_for(["  Omgevingswet. "])
    assignment = assignment_services.assignment_create(
        actor=owner,
        data={
            "title": "Omgevingswet invoeren",
            "description": "Invoering.",
            "hours_per_week": 8,
            "compensation": "public-rate",
            "audience": "public",
            "expertise": ["omgevingswet;", "OMGEVINGSWET", "Ruimtelijke  ordening", "Participatie."],
        },
    )
    assert list(assignment.expertise.order_by("name").values_list("name", flat=True)) == [
        "omgevingswet",
        "participatie",
        "ruimtelijke ordening",
    ]
    assert assignment.expertise.filter(pk=from_profile.pk).exists()
    assert Expertise.objects.count() == 3
