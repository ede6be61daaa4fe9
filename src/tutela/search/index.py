"""Trigram indexes over the search keys, so a key is found inside another key (a word of a
name, a part of a word) without reading every key: PostgreSQL's pg_trgm (GIN; the planner
uses it for ``LIKE '%…%'`` and for ``%``, similarity) and SQLite's FTS5 ``trigram``
tokenizer (external-content tables kept by triggers), as registry/name_search.py does for the
names themselves. Trigrams need three characters; shorter keys are looked up by prefix.
"""

from __future__ import annotations

from typing import Any

NAME_TABLE = "search_namekey_trigram"
TERM_TABLE = "search_term_trigram"


def _fts5(table: str, source: str, column: str, rowid: str) -> list[str]:
    # Names from the code only; values are always parameters.
    forget = f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.{rowid}, old.{column});"  # noqa: E501, S608
    add = f"INSERT INTO {table}(rowid, {column}) VALUES (new.{rowid}, new.{column});"  # noqa: S608
    on = f"{table}_%s AFTER %s ON {source}"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
        f"{column}, content='{source}', content_rowid='{rowid}', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {on % ('insert', 'INSERT')} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {on % ('delete', 'DELETE')} BEGIN {forget} END",
        f"CREATE TRIGGER IF NOT EXISTS {on % ('update', 'UPDATE')} BEGIN {forget} {add} END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",  # noqa: S608
    ]


SQLITE_INSTALL = [
    *_fts5(NAME_TABLE, "search_namekey", "skeleton", "name_id"),
    *_fts5(TERM_TABLE, "search_term", "word", "id"),
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {table}_{event}"
    for table in (NAME_TABLE, TERM_TABLE)
    for event in ("insert", "delete", "update")
] + [f"DROP TABLE IF EXISTS {table}" for table in (NAME_TABLE, TERM_TABLE)]
POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_namekey_skeleton_trigram "
    "ON search_namekey USING gin (skeleton gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_term_word_trigram "
    "ON search_term USING gin (word gin_trgm_ops)",
]
POSTGRES_REMOVE = [
    "DROP INDEX IF EXISTS search_namekey_skeleton_trigram",
    "DROP INDEX IF EXISTS search_term_word_trigram",
]


def install(apps: Any, schema_editor: Any) -> None:
    """Migration step; also the repair after a later SQLite migration remade a table (SQLite
    drops a table's triggers when Django rebuilds it)."""
    sqlite = schema_editor.connection.vendor == "sqlite"
    for statement in SQLITE_INSTALL if sqlite else POSTGRES_INSTALL:
        schema_editor.execute(statement)


def remove(apps: Any, schema_editor: Any) -> None:
    sqlite = schema_editor.connection.vendor == "sqlite"
    for statement in SQLITE_REMOVE if sqlite else POSTGRES_REMOVE:
        schema_editor.execute(statement)


def fts_phrase(key: str) -> str:
    """An FTS5 string literal: the whole key as one phrase, i.e. a substring to find."""
    return '"' + key.replace('"', '""') + '"'
