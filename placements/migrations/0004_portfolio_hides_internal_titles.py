"""Portfolio entries copied before the rule: a non-public assignment's title leaves the portfolio.

Entries made from a reference carry the placement's code; where that placement's assignment is
not public (and no poster ever agreed: the consent field is new, so none has), the title becomes
"Assignment in <field of work>" (or "Assignment"), in Dutch, the site's language. Not reversible
in content: the titles are not kept anywhere they could leak from.
"""

from django.db import migrations


def hide_internal_titles(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    PortfolioEntry = apps.get_model("profiles", "PortfolioEntry")
    internal = {
        code: field
        for code, field in Placement.objects.exclude(assignment__audience="public").values_list(
            "code", "assignment__field_of_work__name"
        )
    }
    for entry in PortfolioEntry.objects.filter(placement_code__in=list(internal)).only("pk", "placement_code"):
        field = internal[entry.placement_code]
        entry.title = f"Klus in {field}" if field else "Klus"
        entry.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_reference_title_shared"),
        ("profiles", "0009_perf_matching_index"),
        ("assignments", "0007_move_matching_and_placements_out"),
    ]

    operations = [migrations.RunPython(hide_internal_titles, migrations.RunPython.noop)]
