"""Seed the registry's controlled vocabularies with their starting terms.

The terms are frozen in ``0002_seed_vocabularies.json`` beside this file: the rows that
``tutela.registry.seed`` defined when this migration was written, in the order they were
inserted (so ids come out as they always did), periods' spans already parsed. A later change
to the live seed module must not change what this migration writes on a fresh database: a new
or changed term is a new migration. tests/test_migrations_frozen.py holds the two together.
"""

import json
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TERMS = Path(__file__).with_suffix(".json")


def load_terms(app_label: str, terms: Path, apps: Apps) -> None:
    """Insert each model's rows in file order; a row whose code exists is left as
    administrators edited it. A foreign key is written as the code of the row it points to,
    which an earlier model in the file inserted."""
    for model_name, rows in json.loads(terms.read_text(encoding="utf-8")).items():
        model = apps.get_model(app_label, model_name)
        for row in rows:
            fields: dict[str, Any] = dict(row)
            code = fields.pop("code")
            for name, value in fields.items():
                field = model._meta.get_field(name)
                if field.is_relation:
                    fields[name] = field.related_model.objects.get(code=value)
            model.objects.get_or_create(code=code, defaults=fields)


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    load_terms("registry", TERMS, apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
