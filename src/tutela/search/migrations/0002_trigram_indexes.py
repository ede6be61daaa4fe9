"""Trigram indexes over the search keys (see search/index.py).

The statements are a frozen copy of tutela.search.index's as of this migration, so that a later
change to the live module (which also uses them to repair the index) cannot change what this
migration creates or drops.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# fmt: off
SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_namekey_trigram USING fts5(skeleton, content='search_namekey', content_rowid='name_id', tokenize='trigram')",
    'CREATE TRIGGER IF NOT EXISTS search_namekey_trigram_insert AFTER INSERT ON search_namekey BEGIN INSERT INTO search_namekey_trigram(rowid, skeleton) VALUES (new.name_id, new.skeleton); END',
    "CREATE TRIGGER IF NOT EXISTS search_namekey_trigram_delete AFTER DELETE ON search_namekey BEGIN INSERT INTO search_namekey_trigram(search_namekey_trigram, rowid, skeleton) VALUES ('delete', old.name_id, old.skeleton); END",
    "CREATE TRIGGER IF NOT EXISTS search_namekey_trigram_update AFTER UPDATE ON search_namekey BEGIN INSERT INTO search_namekey_trigram(search_namekey_trigram, rowid, skeleton) VALUES ('delete', old.name_id, old.skeleton); INSERT INTO search_namekey_trigram(rowid, skeleton) VALUES (new.name_id, new.skeleton); END",
    "INSERT INTO search_namekey_trigram(search_namekey_trigram) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_term_trigram USING fts5(word, content='search_term', content_rowid='id', tokenize='trigram')",
    'CREATE TRIGGER IF NOT EXISTS search_term_trigram_insert AFTER INSERT ON search_term BEGIN INSERT INTO search_term_trigram(rowid, word) VALUES (new.id, new.word); END',
    "CREATE TRIGGER IF NOT EXISTS search_term_trigram_delete AFTER DELETE ON search_term BEGIN INSERT INTO search_term_trigram(search_term_trigram, rowid, word) VALUES ('delete', old.id, old.word); END",
    "CREATE TRIGGER IF NOT EXISTS search_term_trigram_update AFTER UPDATE ON search_term BEGIN INSERT INTO search_term_trigram(search_term_trigram, rowid, word) VALUES ('delete', old.id, old.word); INSERT INTO search_term_trigram(rowid, word) VALUES (new.id, new.word); END",
    "INSERT INTO search_term_trigram(search_term_trigram) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    'DROP TRIGGER IF EXISTS search_namekey_trigram_insert',
    'DROP TRIGGER IF EXISTS search_namekey_trigram_delete',
    'DROP TRIGGER IF EXISTS search_namekey_trigram_update',
    'DROP TRIGGER IF EXISTS search_term_trigram_insert',
    'DROP TRIGGER IF EXISTS search_term_trigram_delete',
    'DROP TRIGGER IF EXISTS search_term_trigram_update',
    'DROP TABLE IF EXISTS search_namekey_trigram',
    'DROP TABLE IF EXISTS search_term_trigram',
]
POSTGRES_INSTALL = [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    'CREATE INDEX IF NOT EXISTS search_namekey_skeleton_trigram ON search_namekey USING gin (skeleton gin_trgm_ops)',
    'CREATE INDEX IF NOT EXISTS search_term_word_trigram ON search_term USING gin (word gin_trgm_ops)',
]
POSTGRES_REMOVE = [
    'DROP INDEX IF EXISTS search_namekey_skeleton_trigram',
    'DROP INDEX IF EXISTS search_term_word_trigram',
]
# fmt: on


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    sqlite = schema_editor.connection.vendor == "sqlite"
    for statement in SQLITE_INSTALL if sqlite else POSTGRES_INSTALL:
        schema_editor.execute(statement)


def remove(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    sqlite = schema_editor.connection.vendor == "sqlite"
    for statement in SQLITE_REMOVE if sqlite else POSTGRES_REMOVE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("registry", "0005_name_trigram_index"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
