"""The curated core quadrants (after Daniel Ofman): quality, pitfall, challenge, allergy."""

from __future__ import annotations

from django.db import migrations
from django.utils.text import slugify

# Curated table in Dutch, the language of the users' own vocabulary; admins can extend it.
QUADRANTS = [
    ("Besluitvaardigheid", "Drammerigheid", "Geduld", "Passiviteit"),
    ("Betrokkenheid", "Bemoeizucht", "Afstand nemen", "Onverschilligheid"),
    ("Creativiteit", "Chaos", "Structuur", "Saaiheid"),
    ("Daadkracht", "Doordrukken", "Bedachtzaamheid", "Besluiteloosheid"),
    ("Doorzettingsvermogen", "Koppigheid", "Loslaten", "Opgeven"),
    ("Flexibiliteit", "Besluiteloosheid", "Vastberadenheid", "Rigiditeit"),
    ("Initiatief", "Ongeduld", "Afwachten", "Afwachtendheid"),
    ("Nauwkeurigheid", "Perfectionisme", "Pragmatisme", "Slordigheid"),
    ("Verbinden", "Conflicten vermijden", "Confronteren", "Botheid"),
    ("Zorgzaamheid", "Betutteling", "Zelfstandigheid laten", "Egoïsme"),
    ("Analytisch vermogen", "Overanalyseren", "Intuïtie", "Ondoordachtheid"),
    ("Enthousiasme", "Drukte", "Rust", "Lusteloosheid"),
    ("Eerlijkheid", "Kwetsen", "Tact", "Leugenachtigheid"),
    ("Zelfstandigheid", "Eigengereidheid", "Samenwerken", "Afhankelijkheid"),
]


def forwards(apps, schema_editor):
    CoreQuality = apps.get_model("profiles", "CoreQuality")
    for name, pitfall, challenge, allergy in QUADRANTS:
        CoreQuality.objects.update_or_create(
            slug=slugify(name),
            defaults={"name": name, "pitfall": pitfall, "challenge": challenge, "allergy": allergy, "is_approved": True},
        )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0005_profile_cv_experience_share_links")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
