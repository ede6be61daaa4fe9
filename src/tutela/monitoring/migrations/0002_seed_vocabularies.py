from django.db import migrations

from tutela.monitoring import seed


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed.load, migrations.RunPython.noop)]
