"""``insert_rows``: many new rows of one model in one prepared statement, keys handed out first.

Django's ``bulk_create`` compiles SQL for every value of every row and, on SQLite, splits the
rows into statements of 999 parameters; for an import of a million sites that compilation is
most of the time. Here the statement is compiled once and run with ``executemany``, and the
primary keys are reserved before the insert — from the table's sequence on PostgreSQL (safe
beside other writers), and on SQLite from the table's highest key and its AUTOINCREMENT
counter, which is safe because Tutela's SQLite transactions begin IMMEDIATE (settings.py):
the transaction holds the database's single write lock from its first statement, and
``insert_rows`` refuses to run outside one.

Like ``bulk_create`` it sends no signals: callers record the versions themselves
(``history.recording.record_versions``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, transaction
from django.db.utils import DEFAULT_DB_ALIAS

from tutela.core.plain_fields import plain_type

__all__ = ["insert_rows"]


def _preparer(field: models.Field[Any, Any], connection: Any) -> Callable[[models.Model], Any]:
    """How one field's value of an instance becomes the value handed to the driver."""
    plain = plain_type(field)
    attname = field.attname
    if plain is not None:

        def prepared(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if value is None or type(value) is plain:
                return value
            return field.get_db_prep_save(value, connection)

        return prepared
    last: list[Any] = [object(), None]  # (value, prepared): a batch's rows share one `at`

    def prepared_by_django(obj: models.Model) -> Any:
        value = field.pre_save(obj, True)
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]

    return prepared_by_django


def _reserve_keys(connection: Any, model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608 - names from the code, values as parameters
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        start = max(highest, counter[0] if counter else 0) + 1
        return list(range(start, start + count))


def _placeholder(connection: Any, field: models.Field[Any, Any]) -> str:
    if hasattr(field, "get_placeholder"):  # geometry columns: GeomFromText(%s, 4326) and kin
        placeholder: str = field.get_placeholder(None, None, connection)
        return placeholder
    return "%s"


def insert_rows(objects: Sequence[models.Model]) -> None:
    """Insert these new, unsaved instances of one model; set their primary keys.

    Field values are prepared as ``save()`` prepares them (``pre_save`` then
    ``get_db_prep_save``: auto_now dates, JSON, geometry adapters). Geometries must already be
    in the column's SRID. Must run inside a transaction that writes history.
    """
    if not objects:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("insert_rows runs inside the transaction that records history.")
    connection = connections[DEFAULT_DB_ALIAS]  # the object itself: the proxy costs a lookup
    model = type(objects[0])._meta.concrete_model or type(objects[0])  # None: abstract only
    meta = model._meta
    fields = [field for field in meta.concrete_fields]
    pk = meta.pk
    if pk.attname in {f.attname for f in fields} and getattr(objects[0], pk.attname) is None:
        if any(getattr(obj, pk.attname) is not None for obj in objects):
            raise ValueError(f"{meta.label}: some rows have keys and some do not.")
        if isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
            for obj, key in zip(
                objects, _reserve_keys(connection, model, len(objects)), strict=True
            ):
                setattr(obj, pk.attname, key)
    quote = connection.ops.quote_name
    for field in fields:
        srid = getattr(field, "srid", None)
        if srid is None:
            continue
        for obj in objects:
            value = getattr(obj, field.attname)
            if value is not None and value.srid not in (None, srid):
                raise ValueError(f"{meta.label}.{field.name}: SRID {value.srid}, not {srid}.")
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the code, values as parameters
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(_placeholder(connection, field) for field in fields),
    )
    preparers = [_preparer(field, connection) for field in fields]
    rows: list[list[Any]] = [[prepare(obj) for prepare in preparers] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
