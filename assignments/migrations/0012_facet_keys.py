"""The engagement forms in the assignment's row, and an index /klussen/'s counts read alone (issue 17).

``facet_keys`` (" e2 e5 ", see ``assignments.facets``) is filled from the link table. The rule is
written out here rather than imported (a migration must not run code that later changes): the
engagement form ids after ``e``, ascending, separated and surrounded by one space; no links, an
empty string.

``assignment_open_facets``: the open assignments by the last day they take reactions, covering the
visibility rule's and the facets' columns (PostgreSQL; elsewhere without the covered columns).
Built before the fill, as the profiles' filter keys were (profiles 0017).

``assignment_open_until`` (PostgreSQL): statistics on that same expression. Without them the
planner guesses a third of the open assignments for ``open()``'s range (it has none for the
expression of a partial index), and at a million profiles read the dashboard's 300 newest
recommendations by sorting every open assignment (55 ms) instead of walking the newest first.
"""

import datetime

from django.db import migrations, models
from django.db.models.functions import Coalesce

FILL_SQL = """
UPDATE assignments_assignment AS a SET facet_keys = k.keys
FROM (
    SELECT assignment_id, ' ' || string_agg('e' || engagementform_id, ' ' ORDER BY engagementform_id) || ' ' AS keys
    FROM assignments_assignment_engagement_forms
    GROUP BY assignment_id
) AS k
WHERE k.assignment_id = a.id
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_SQL)
        return
    Assignment = apps.get_model("assignments", "Assignment")
    forms = {}
    links = Assignment.engagement_forms.through.objects.values_list("assignment_id", "engagementform_id")
    for assignment_id, form_id in links:
        forms.setdefault(assignment_id, []).append(form_id)
    for pk, ids in forms.items():
        Assignment.objects.filter(pk=pk).update(facet_keys=f" {' '.join(f'e{n}' for n in sorted(ids))} ")


STATISTICS = "assignment_open_until"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE STATISTICS "{STATISTICS}" ON (COALESCE("deadline", \'9999-12-31\'::date)) '
            'FROM "assignments_assignment"'
        )
        schema_editor.execute('ANALYZE "assignments_assignment"')


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP STATISTICS IF EXISTS "{STATISTICS}"')


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0011_work_formats"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="facet_keys",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                Coalesce("deadline", models.Value(datetime.date(9999, 12, 31))),
                condition=models.Q(("status", "open")),
                include=(
                    "id", "deadline", "status", "audience", "organisation", "share_with_partners", "posted_by",
                    "field_of_work", "region", "compensation", "remote_option", "work_format", "facet_keys",
                ),
                name="assignment_open_facets",
            ),
        ),  # fmt: skip
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
