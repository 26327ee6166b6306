"""Moving matching and the placement workflow out of ``assignments`` keeps every row.

The test migrates the database back to the schema before the move (assignments 0006, when
``assignments`` still owned the matches, reactions and placements), writes rows through the
historical models of that schema, migrates forward again and reads the same rows through the
new apps' models, their content types included.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

MOVED_TO = ("matching", "placements")
BEFORE_MOVE = ("assignments", "0006_status_published_index")


def _migrate(targets, *, unapplied=()):
    executor = MigrationExecutor(connection)
    executor.migrate([*targets, *((app, None) for app in unapplied)])
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _before_move():
    """Every other app at its latest migration, assignments just before the move, the new apps absent."""
    others = [node for node in _latest() if node[0] not in {"assignments", *MOVED_TO}]
    return [*others, BEFORE_MOVE]


def _old_world(apps) -> dict[str, int]:
    """Rows of every moved model, written as the old schema would (one chain of the workflow)."""
    user_model = apps.get_model("marketplace", "User")
    content_type = apps.get_model("contenttypes", "ContentType")
    organisation = apps.get_model("networks", "Organisation").objects.create(name="Gemeente Breda", slug="breda")
    poster = user_model.objects.create(email="poster@breda.nl")
    professional = user_model.objects.create(email="pro@tilburg.nl")
    profile = apps.get_model("profiles", "Profile").objects.create(user=professional, headline="Beleidsadviseur")
    assignment = apps.get_model("assignments", "Assignment").objects.create(
        title="Omgevingswet invoeren", organisation=organisation, posted_by=poster, hours_per_week=8
    )
    ids = {}
    ids["match"] = (
        apps.get_model("assignments", "Match")
        .objects.create(assignment=assignment, profile=profile, score=80, reasons=[{"code": "field"}])
        .pk
    )
    saved = apps.get_model("assignments", "SavedSearch").objects.create(user=professional, name="Wet", query="q=wet")
    ids["savedsearch"] = saved.pk
    ids["savedsearchhit"] = (
        apps.get_model("assignments", "SavedSearchHit").objects.create(saved_search=saved, assignment=assignment).pk
    )
    ids["fanoutrun"] = apps.get_model("assignments", "FanoutRun").objects.create(assignment=assignment, matches=1).pk
    interest = apps.get_model("assignments", "Interest").objects.create(
        assignment=assignment, professional=professional, motivation="Ik ken de Omgevingswet goed."
    )
    ids["interest"] = interest.pk
    ids["introduction"] = (
        apps.get_model("assignments", "Introduction")
        .objects.create(
            interest=interest, starts_at=datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC), location="Breda"
        )
        .pk
    )
    placement = apps.get_model("assignments", "Placement").objects.create(
        interest=interest, assignment=assignment, professional=professional
    )
    ids["placement"] = placement.pk
    ids["consentrequest"] = (
        apps.get_model("assignments", "ConsentRequest")
        .objects.create(
            placement=placement,
            manager_email="chef@tilburg.nl",
            nonce="n1",
            expires_at=datetime.datetime(2027, 1, 19, tzinfo=datetime.UTC),
        )
        .pk
    )
    ids["reference"] = (
        apps.get_model("assignments", "Reference")
        .objects.create(
            placement=placement, direction="about-professional", author_name="P. Poster", rating=5, text="Top."
        )
        .pk
    )
    ids["content_type"] = content_type.objects.get_or_create(app_label="assignments", model="interest")[0].pk
    return ids


def test_it_moves_every_row_of_matching_and_placements_to_their_new_apps():
    latest = _latest()
    try:
        ids = _old_world(_migrate(_before_move(), unapplied=MOVED_TO))
        apps = _migrate(latest)

        for app_label, model in [
            ("matching", "Match"),
            ("matching", "SavedSearch"),
            ("matching", "SavedSearchHit"),
            ("matching", "FanoutRun"),
            ("placements", "Interest"),
            ("placements", "Introduction"),
            ("placements", "Placement"),
            ("placements", "ConsentRequest"),
            ("placements", "Reference"),
        ]:
            assert apps.get_model(app_label, model).objects.filter(pk=ids[model.lower()]).exists(), model
        assert apps.get_model("placements", "Interest").objects.get().motivation == "Ik ken de Omgevingswet goed."
        assert apps.get_model("matching", "Match").objects.get().reasons == [{"code": "field"}]
        assert apps.get_model("placements", "Placement").objects.get().interest_id == ids["interest"]
        # The content type kept its id (and so whatever points at it) and moved with the model.
        moved = apps.get_model("contenttypes", "ContentType").objects.get(pk=ids["content_type"])
        assert (moved.app_label, moved.model) == ("placements", "interest")
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        assert {"matching_match", "placements_interest", "placements_reference"} <= tables
        assert not {"assignments_match", "assignments_interest"} & tables
    finally:
        _migrate(latest)
