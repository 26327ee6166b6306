from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assignments.models import Assignment

pytestmark = pytest.mark.django_db


def test_it_seeds_every_audience_and_status_across_the_networks_once():
    call_command("seed_demo", stdout=io.StringIO())
    count = Assignment.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Assignment.objects.count() == count
    assert set(Assignment.objects.values_list("audience", flat=True)) == set(Assignment.Audience.values)
    assert set(Assignment.objects.values_list("status", flat=True)) == set(Assignment.Status.values)
    slugs = set(Assignment.objects.values_list("networks__slug", flat=True)) - {None}
    assert slugs == {"zpp-brabant", "over-loop", "werken-in-het-westen", "proeftuin"}
    by_title = {a.title: a for a in Assignment.objects.all()}
    assert by_title["Data-analist sociaal domein"].status == Assignment.Status.AWAITING_MODERATION
    assert by_title["Kwartiermaker energieloket"].status == Assignment.Status.DRAFT
