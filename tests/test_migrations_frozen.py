"""Migrations are frozen: what an applied migration does must never change afterwards.

A migration that imports live application code changes whenever that code does, so a fresh
database (a new install, a restored test copy, CI) silently stops getting what existing
databases got, or fails to migrate at all. Django's advice is historical models through
``apps.get_model`` and code and data copied into the migration as of the day it was written.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import StateApps

from tutela.monitoring import seed as monitoring_seed
from tutela.registry import seed as registry_seed

CHECKOUT = Path(__file__).resolve().parents[1]
MIGRATION_FILES = sorted((CHECKOUT / "src" / "tutela").glob("*/migrations/*.py"))


# --- no application code in migrations --------------------------------------------------------


def _is_tutela(module: str) -> bool:
    return module == "tutela" or module.startswith("tutela.")


def _imported_by_name(call: ast.Call) -> str | None:
    """The module that ``import_module("…")`` or ``__import__("…")`` names, if it is a literal."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name not in ("import_module", "__import__") or not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def application_imports(source: str, filename: str) -> list[str]:
    """Each import of application code in one migration's source, as "file:line: statement".

    Refused: ``from tutela… import …`` and relative imports (``from . import x``), wherever
    they are; ``import tutela…`` anywhere but the top level of the module, or under another
    name; ``import_module("tutela…")``.

    Allowed: the top-level ``import tutela.x.y`` lines that ``makemigrations`` writes itself
    when a field definition refers to a callable (a default, a validator, an upload path). The
    migration state must name such callables by their dotted path, so Django cannot freeze
    them; they are referred to, never called while migrating, and Django's docs ask that they
    be kept (or squashed away) for as long as a migration names them.
    """
    tree = ast.parse(source, filename=filename)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            refused = node.level > 0 or _is_tutela(node.module or "")
        elif isinstance(node, ast.Import):
            names = [alias for alias in node.names if _is_tutela(alias.name)]
            refused = bool(names) and (
                node not in tree.body or any(alias.asname for alias in names)
            )
        elif isinstance(node, ast.Call):
            refused = _is_tutela(_imported_by_name(node) or "")
        else:
            continue
        if refused:
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_it_names_each_import_of_application_code():
    source = (
        "import tutela.registry.models\n"
        "from tutela.registry import seed\n"
        "from .helpers import fold\n"
        "import tutela.registry.languages as languages\n"
        "def step(apps, schema_editor):\n"
        "    import tutela.registry.dates\n"
        "    import_module('tutela.registry.seed').load(apps, schema_editor)\n"
    )
    assert application_imports(source, "0009_example.py") == [
        "0009_example.py:2: from tutela.registry import seed",
        "0009_example.py:3: from .helpers import fold",
        "0009_example.py:4: import tutela.registry.languages as languages",
        "0009_example.py:6: import tutela.registry.dates",
        "0009_example.py:7: import_module('tutela.registry.seed')",
    ]


def test_no_migration_imports_application_code():
    assert len(MIGRATION_FILES) > 20, "the migrations were not found"
    found = [
        line
        for path in MIGRATION_FILES
        for line in application_imports(
            path.read_text(encoding="utf-8"), str(path.relative_to(CHECKOUT))
        )
    ]
    assert found == [], (
        "A migration imports application code, so a later change to that code would change "
        "what the migration does on a fresh database. Copy what it needs into the migration "
        "(frozen as of that migration), or its data into a file beside it:\n  " + "\n  ".join(found)
    )


# --- the seeded vocabularies are the live seed modules' ---------------------------------------

# Every migration that writes vocabulary terms, in the order they apply. A later migration that
# adds or changes a term (because a seed module changed) joins this list.
SEEDING = [
    "tutela.registry.migrations.0002_seed_vocabularies",
    "tutela.monitoring.migrations.0002_seed_vocabularies",
    "tutela.registry.migrations.0009_vocabulary_labels",
    "tutela.monitoring.migrations.0009_vocabulary_labels",
]
VOCABULARY_APPS = ("registry", "monitoring")

Loader = Callable[[StateApps, Any], None]
Rows = dict[str, list[dict[str, Any]]]


def migration_steps(module_name: str) -> list[Loader]:
    operations = import_module(module_name).Migration.operations
    return [operation.code for operation in operations if isinstance(operation, RunPython)]


def rows_of(apps: StateApps) -> Rows:
    """Every row of the vocabulary apps' models, in id order, without ids: ids from a sequence
    differ between runs on PostgreSQL, so a foreign key is given as its target's code."""
    rows: Rows = {}
    for label in VOCABULARY_APPS:
        for model in apps.get_app_config(label).get_models():
            columns = []
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                target = field.related_model if field.is_relation else None
                has_code = isinstance(target, type) and any(
                    f.name == "code" for f in target._meta.concrete_fields
                )
                columns.append(f"{field.name}__code" if has_code else field.attname)
            found = list(model._default_manager.order_by("pk").values(*columns))
            if found:
                rows[model._meta.label] = found
    return rows


def seeded_by(loaders: Iterable[Loader], apps: StateApps) -> Rows:
    """The rows ``loaders`` write into emptied vocabulary tables; rolled back afterwards."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for label in VOCABULARY_APPS:
                for model in apps.get_app_config(label).get_models(include_auto_created=True):
                    # Django makes every foreign key deferred, so the order does not matter.
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"DELETE FROM {table}")
        for load in loaders:
            load(apps, None)
        rows = rows_of(apps)
        transaction.set_rollback(True)
    return rows


def differences(migrated: Rows, live: Rows) -> list[str]:
    """What differs, by model and code, in words."""
    said: list[str] = []
    for model in sorted(migrated.keys() | live.keys()):
        ours = {row.get("code", index): row for index, row in enumerate(migrated.get(model, []))}
        theirs = {row.get("code", index): row for index, row in enumerate(live.get(model, []))}
        before = len(said)
        said += [f"{model} {code}: only in the migrations" for code in ours.keys() - theirs]
        said += [f"{model} {code}: only in the seed module" for code in theirs.keys() - ours]
        for code in ours.keys() & theirs.keys():
            for field, value in ours[code].items():
                if theirs[code].get(field) != value:
                    said.append(
                        f"{model} {code}: {field} {value!r} in the migrations, "
                        f"{theirs[code].get(field)!r} in the seed module"
                    )
        if len(said) == before and migrated.get(model) != live.get(model):
            said.append(f"{model}: the same rows in another order (other ids)")
    return said


@pytest.mark.django_db
def test_a_fresh_database_gets_the_vocabularies_the_seed_modules_define():
    # Historical models, as a migration gets them; they send no signals, so history records
    # nothing for these rows.
    apps = MigrationLoader(connection).project_state().apps
    migrated = seeded_by([step for name in SEEDING for step in migration_steps(name)], apps)
    live = seeded_by([registry_seed.load, monitoring_seed.load], apps)
    assert migrated, "the seeding migrations wrote nothing"
    assert migrated == live, (
        "The vocabularies a fresh database gets from its migrations differ from what "
        "tutela.registry.seed and tutela.monitoring.seed define:\n  "
        + "\n  ".join(differences(migrated, live))
        + "\nA migration that has run must never change: to change a vocabulary, add a "
        "migration that makes the change on existing databases too, and list it in SEEDING."
    )
