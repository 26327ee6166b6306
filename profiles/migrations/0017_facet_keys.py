"""The directory's filter keys in the profile's row, and its order index covering what it filters on.

``facet_keys`` (" e2 e5 r8 ", see ``profiles.facets``) is filled from the link tables. The rule is
written out here rather than imported (a migration must not run code that later changes): the
engagement form ids after ``e``, then the region ids after ``r``, each ascending, separated and
surrounded by one space; no links, an empty string.

``profile_directory_order`` (PostgreSQL only, migration 0008) is rebuilt with the columns the
directory's filters and audience test as ``INCLUDE`` columns, so its walk in the directory's order
is an index-only scan: no heap fetch for a profile the filters leave out.
"""

from django.db import migrations, models

NAME = "profile_directory_order"
COVERED = (
    "broad_audience",
    "user_id",
    "field_of_work_id",
    "remote",
    "facet_keys",
    "hours_per_week",
    "available_from",
    "available_until",
)

FILL_SQL = """
UPDATE profiles_profile AS p SET facet_keys = k.keys
FROM (
    SELECT profile_id, ' ' || string_agg(token, ' ' ORDER BY kind, n) || ' ' AS keys
    FROM (
        SELECT profile_id, 0 AS kind, engagementform_id AS n, 'e' || engagementform_id AS token
        FROM profiles_profile_engagement_forms
        UNION ALL
        SELECT profile_id, 1, region_id, 'r' || region_id FROM profiles_profile_regions
    ) AS links
    GROUP BY profile_id
) AS k
WHERE k.profile_id = p.id
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_SQL)
        return
    Profile = apps.get_model("profiles", "Profile")
    forms, regions = {}, {}
    for profile_id, form_id in Profile.engagement_forms.through.objects.values_list("profile_id", "engagementform_id"):
        forms.setdefault(profile_id, []).append(form_id)
    for profile_id, region_id in Profile.regions.through.objects.values_list("profile_id", "region_id"):
        regions.setdefault(profile_id, []).append(region_id)
    for pk in set(forms) | set(regions):
        tokens = [f"e{n}" for n in sorted(forms.get(pk, []))] + [f"r{n}" for n in sorted(regions.get(pk, []))]
        Profile.objects.filter(pk=pk).update(facet_keys=f" {' '.join(tokens)} ")


def covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
        covered = ", ".join(f'"{column}"' for column in COVERED)
        schema_editor.execute(
            f'CREATE INDEX "{NAME}" ON "profiles_profile" ("last_active_at" DESC NULLS LAST, "id") INCLUDE ({covered})'
        )


def plain_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
        schema_editor.execute(f'CREATE INDEX "{NAME}" ON "profiles_profile" ("last_active_at" DESC NULLS LAST, "id")')


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0016_broad_audience"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="facet_keys",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        # The index before the fill: built after it, over the dead versions the UPDATE leaves, it
        # would be marked "check xmin" and unusable while any older transaction still runs.
        migrations.RunPython(covering_index, plain_index),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
