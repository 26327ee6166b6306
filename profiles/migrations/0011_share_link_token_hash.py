"""Share links keep only the SHA-256 of their token: existing tokens are hashed in place."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    ShareLink = apps.get_model("profiles", "ShareLink")
    for link in ShareLink.objects.only("pk", "token_hash").iterator():
        link.token_hash = hashlib.sha256(link.token_hash.encode()).hexdigest()
        link.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("profiles", "0010_constraint_messages")]

    operations = [
        migrations.RenameField(model_name="sharelink", old_name="token", new_name="token_hash"),
        # Irreversible by nature: a hash does not give the token back.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sharelink",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
