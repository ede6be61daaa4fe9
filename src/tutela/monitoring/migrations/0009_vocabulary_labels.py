"""Give the monitoring vocabularies' seeded terms their labels in az, hy, ru and ka.

The labels are frozen in ``0009_vocabulary_labels.json`` beside this file: for each seeded term,
the labels migration 0002 gave it (``seeded``) and the ones ``tutela.monitoring.seed`` gives it
now (``labels``). A language's label is written only where the term has none or still has the
seeded one, so an administrator's edit is never overwritten. tests/test_migrations_frozen.py
holds this migration and the live seed module together.
"""

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

LABELS = Path(__file__).with_suffix(".json")


def update_labels(app_label: str, labels: Path, apps: Apps) -> None:
    for model_name, terms in json.loads(labels.read_text(encoding="utf-8")).items():
        model = apps.get_model(app_label, model_name)
        for term in model.objects.filter(code__in=terms):
            seeded, new = terms[term.code]["seeded"], terms[term.code]["labels"]
            current = dict(term.labels or {})
            for language, text in new.items():
                if current.get(language, "") in ("", seeded.get(language, "")):
                    current[language] = text
            if current != term.labels:
                term.labels = current
                term.save(update_fields=["labels"])


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    update_labels("monitoring", LABELS, apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0008_review_assignment")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
