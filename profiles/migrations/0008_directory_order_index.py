"""The directory's order as an index, on PostgreSQL only (SQLite cannot index NULLS LAST).

The directory lists profiles by ``last_active_at DESC NULLS LAST, id``; the existing
``-last_active_at`` index is NULLS FIRST and could not serve it, so every visible profile was
sorted per page (docs/performance.md).
"""

from __future__ import annotations

from django.db import migrations

NAME = "profile_directory_order"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "profiles_profile" ("last_active_at" DESC NULLS LAST, "id")'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_retention")]

    operations = [migrations.RunPython(forwards, backwards)]
