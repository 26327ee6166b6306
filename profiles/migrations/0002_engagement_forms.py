from __future__ import annotations

from django.db import migrations

CODES = ["secondment", "zpp", "pro-bono", "temporary", "own-hours"]


def create_forms(apps, schema_editor):  # noqa: ANN001
    EngagementForm = apps.get_model("profiles", "EngagementForm")
    for code in CODES:
        EngagementForm.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]
    operations = [migrations.RunPython(create_forms, migrations.RunPython.noop)]
