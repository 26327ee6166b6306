"""``profile_directory_order`` also covers what the poster's "suitable professionals" pool tests.

The pool (``matching.candidates.suitable_profiles``) walks the profiles in the directory's order
and keeps the first 200 that pass the hard conditions and the visibility rule. Through the plain
``last_active_at`` index every walked profile was a heap fetch of a 3 GB table: 86,000 for an
organisation's assignment at a million profiles (350 ms). With ``is_hidden``,
``open_to_assignments``, ``discreet`` and ``visibility`` in the index as well, the walk is
index-only (85 ms). PostgreSQL only, like migration 0017; the columns are written out here.
"""

from django.db import migrations

NAME = "profile_directory_order"
COVERED_0017 = (
    "broad_audience",
    "user_id",
    "field_of_work_id",
    "remote",
    "facet_keys",
    "hours_per_week",
    "available_from",
    "available_until",
)
COVERED = (*COVERED_0017, "is_hidden", "open_to_assignments", "discreet", "visibility")


def _index(covered):
    def build(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        columns = ", ".join(f'"{column}"' for column in covered)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
        schema_editor.execute(
            f'CREATE INDEX "{NAME}" ON "profiles_profile" ("last_active_at" DESC NULLS LAST, "id") INCLUDE ({columns})'
        )

    return build


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0017_facet_keys"),
    ]

    operations = [
        migrations.RunPython(_index(COVERED), _index(COVERED_0017)),
    ]
