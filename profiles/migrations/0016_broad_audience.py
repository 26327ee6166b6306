"""The broad grant of the maintained audience kept in the profile's row (docs/performance.md).

Filled from the audience rows that exist: ``PUBLIC`` (0) and ``PLATFORM`` (1) grants.
"""

from django.db import migrations, models

BROAD = (0, 1)  # ProfileAudience.Kind.PUBLIC, ProfileAudience.Kind.PLATFORM


def fill(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    ProfileAudience = apps.get_model("profiles", "ProfileAudience")
    for kind in BROAD:
        granted = ProfileAudience.objects.filter(kind=kind).values("profile_id")
        Profile.objects.filter(pk__in=granted).update(broad_audience=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0015_profile_audience"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="broad_audience",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
