from django.db import migrations

from tutela.registry import name_search


class Migration(migrations.Migration):
    """Trigram index for substring search over names (see registry/name_search.py)."""

    dependencies = [
        ("registry", "0004_site_public_point"),
    ]

    operations = [
        migrations.RunPython(name_search.install, name_search.remove),
    ]
