"""Saved searches stored before the hours and ranges were checked are brought to what the form keeps now."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from matching.models import SavedSearch
from matching.saved_searches import normalised_query
from profiles.models import FieldOfWork
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module("matching.migrations.0006_saved_queries_within_bounds")

LEGACY = {
    "hours_min=-5": "",
    "hours_max=200&q=beleid": "q=beleid",
    "hours_min=0&hours_max=168": "hours_min=0&hours_max=168",
    "hours_min=20&hours_max=10": "hours_min=20",
    "hours_min=10&hours_max=20": "hours_min=10&hours_max=20",
    "hours_min=-5&hours_max=10": "hours_max=10",
    "available_from=2027-05-01&available_until=2027-04-01": "available_from=2027-05-01",
    "available_from=2027-05-01&available_until=2027-05-01": "available_from=2027-05-01&available_until=2027-05-01",
    "field_of_work=ruimte&hours_min=16.5": "field_of_work=ruimte&hours_min=16.5",
}


def test_the_frozen_rule_keeps_what_the_form_keeps_now():
    FieldOfWork.objects.get_or_create(slug="ruimte", defaults={"name": "Ruimtelijke ordening"})
    for old, expected in LEGACY.items():
        assert migration.within_bounds(old) == expected, old
        # What the form keeps of the old search is what it keeps of the rewritten one.
        assert normalised_query(expected) == normalised_query(old), old
        assert normalised_query(old) == normalised_query(migration.within_bounds(normalised_query(old))), old


def test_it_rewrites_only_the_saved_searches_that_need_it():
    user = factories.UserFactory()
    saved = {old: SavedSearch.objects.create(user=user, name=old[:100], query=old) for old in LEGACY}
    untouched = SavedSearch.objects.create(user=user, name="Gewoon", query="q=omgevingswet&sort=deadline")
    migration.forwards(apps, None)
    for old, expected in LEGACY.items():
        saved[old].refresh_from_db()
        assert saved[old].query == expected, old
    untouched.refresh_from_db()
    assert untouched.query == "q=omgevingswet&sort=deadline"
