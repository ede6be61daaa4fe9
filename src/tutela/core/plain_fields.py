"""``plain_type``: the Python type a field's values already have in the database's terms.

For these field classes (exactly these, not subclasses), a value of that type is what the
driver takes and what a snapshot records, with nothing to convert: most values of most rows.
Bulk inserts (``core/bulk_insert.py``) and history snapshots (``history/snapshot.py``) take such
values as they are, and send everything else through Django's own conversions.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.db import models

_PLAIN: dict[type[models.Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.SmallIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.BooleanField: bool,
}


@cache
def plain_type(field: models.Field[Any, Any]) -> type | None:
    """The type whose values ``field`` stores unconverted, or None. A foreign key is plain
    when the key it points at is."""
    kind = type(field)
    if kind is models.ForeignKey:
        kind = type(cast("models.ForeignKey[Any, Any]", field).target_field)
    return _PLAIN.get(kind)
