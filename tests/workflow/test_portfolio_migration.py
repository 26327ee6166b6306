"""The data migration that takes non-public assignments' titles off existing portfolio entries."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from assignments.models import Assignment
from profiles.models import PortfolioEntry
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module("placements.migrations.0004_portfolio_hides_internal_titles")


def test_it_replaces_the_title_of_entries_from_non_public_assignments(completed):
    public_entry = PortfolioEntry.objects.create(
        profile=factories.ProfileFactory(), title="Openbare titel", organisation_name="X", placement_code=None
    )
    Assignment.objects.filter(pk=completed.assignment_id).update(audience="organisation")
    entry = PortfolioEntry.objects.create(
        profile=factories.ProfileFactory(),
        title="GEHEIME INTERNE TITEL",
        organisation_name="Gemeente",
        placement_code=completed.code,
    )

    migration.hide_internal_titles(apps, None)

    entry.refresh_from_db()
    public_entry.refresh_from_db()
    assert entry.title.startswith("Klus")
    assert "GEHEIM" not in entry.title
    assert public_entry.title == "Openbare titel"


def test_it_leaves_entries_from_public_assignments(completed):
    entry = PortfolioEntry.objects.create(
        profile=factories.ProfileFactory(), title="Publieke klus", organisation_name="G", placement_code=completed.code
    )
    migration.hide_internal_titles(apps, None)
    entry.refresh_from_db()
    assert entry.title == "Publieke klus"
