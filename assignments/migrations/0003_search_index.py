from __future__ import annotations

from django.db import migrations

from marketplace.lib.search import gin_index_operation


class Migration(migrations.Migration):
    dependencies = [("assignments", "0002_initial")]
    operations = [gin_index_operation("assignments_assignment")]
