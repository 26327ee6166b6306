from __future__ import annotations

from django.db import migrations

from marketplace.lib.search import gin_index_operation


class Migration(migrations.Migration):
    dependencies = [("profiles", "0002_engagement_forms")]
    operations = [gin_index_operation("profiles_profile")]
