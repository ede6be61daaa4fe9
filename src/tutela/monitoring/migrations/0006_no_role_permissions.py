"""The ``contribute`` and ``review`` permissions no longer grant anything (roles come from
memberships; access/0002 carried their holders over), so they go."""

from django.db import migrations


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="monitoring", codename__in=["contribute", "review"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_assessment_external_reference"),
        ("access", "0002_roles_from_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="assessment",
            options={
                "ordering": ["-observed_on", "-id"],
                "verbose_name": "condition assessment",
                "verbose_name_plural": "condition assessments",
            },
        ),
        migrations.RunPython(remove_permissions, migrations.RunPython.noop),
    ]
