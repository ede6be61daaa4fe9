from django.db import migrations

from tutela.registry import seed


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed.load, migrations.RunPython.noop)]
