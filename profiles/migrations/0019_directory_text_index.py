"""The directory's text walk reads a common word from an index, not from the table (issue 17).

A search for a common word ("energietransitie", a tenth of the profiles) walks the directory's
order for the 1,001 most recently active visible matches. Through ``profile_directory_order`` the
filters are tested in the index but the word in the table: one heap fetch for each of the ~10,600
profiles that passed the filters at a million (74 ms of the page's 157). ``search_words`` is the
search vector wherever it fits in a btree entry (``Profile.SEARCH_WORDS_MAX``), and
``profile_directory_text`` carries it beside the columns of ``profile_directory_order``: the
walk tests and ranks the word index-only and reads the row only for a profile whose vector is too
long. A separate index, so the walks that do not search (the directory, the suitable
professionals) keep the narrow one. Its key, ``(last_active_at IS NULL, last_active_at DESC, id)``,
is the directory's order (the most recently active first, never-active last) written so that only
this index gives it (``profiles.selectors.TEXT_WALK_ORDER``): with the same key as the narrow
index the planner took the narrow one and read the table for the word. PostgreSQL only, like
migrations 0017 and 0018.

Adding a stored generated column rewrites the table once (about a minute at a million profiles).
"""

import django.contrib.postgres.search
import django.db.models.functions.comparison
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

NAME = "profile_directory_text"
COVERED = (
    "broad_audience",
    "user_id",
    "field_of_work_id",
    "remote",
    "facet_keys",
    "hours_per_week",
    "available_from",
    "available_until",
    "is_hidden",
    "open_to_assignments",
    "discreet",
    "visibility",
    "search_words",
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(f'"{column}"' for column in COVERED)
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "profiles_profile" '
        f'(("last_active_at" IS NULL), "last_active_at" DESC, "id") '
        f"INCLUDE ({columns})"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0018_directory_order_covers_matching"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="search_words",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        django.db.models.lookups.LessThanOrEqual(
                            django.db.models.functions.text.Length(
                                django.db.models.functions.comparison.Cast("search_vector", models.TextField())
                            ),
                            1800,
                        ),
                        then=models.F("search_vector"),
                    ),
                    default=None,
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
