"""Trigram index for substring search over names (see registry/name_search.py).

The statements are a frozen copy of tutela.registry.name_search's as of this migration, so
that a later change to the live module (which also uses them to repair the index) cannot
change what this migration creates or drops.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TRIGRAM_TABLE = "registry_name_trigram"

SQLITE_INSTALL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5("
    "folded, content='registry_name', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_insert AFTER INSERT ON registry_name BEGIN
        INSERT INTO {TRIGRAM_TABLE}(rowid, folded) VALUES (new.id, new.folded);
    END""",  # noqa: S608 - names from the code, values as parameters
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_delete AFTER DELETE ON registry_name BEGIN
        INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, folded)
        VALUES ('delete', old.id, old.folded);
    END""",  # noqa: S608 - names from the code, values as parameters
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_update AFTER UPDATE OF folded
    ON registry_name BEGIN
        INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, folded)
        VALUES ('delete', old.id, old.folded);
        INSERT INTO {TRIGRAM_TABLE}(rowid, folded) VALUES (new.id, new.folded);
    END""",  # noqa: S608 - names from the code, values as parameters
    # Index the names already there.
    f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('rebuild')",  # noqa: S608 - names from the code, values as parameters
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TRIGRAM_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TRIGRAM_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TRIGRAM_TABLE}_update",
    f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}",
]
POSTGRES_INSTALL = [
    # Trusted since PostgreSQL 13: a database owner may create it without superuser rights.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_name_folded_trigram "
    "ON registry_name USING gin (folded gin_trgm_ops)",
]
POSTGRES_REMOVE = ["DROP INDEX IF EXISTS registry_name_folded_trigram"]


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_INSTALL if vendor == "sqlite" else POSTGRES_INSTALL:
        schema_editor.execute(statement)


def remove(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_REMOVE if vendor == "sqlite" else POSTGRES_REMOVE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_site_public_point"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
