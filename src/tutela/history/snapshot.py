"""Which records history keeps, and the state of one record as a plain JSON object.

A snapshot holds every concrete field under its name (a foreign key as the related primary key)
and, for each many-to-many field with Django's own through table, the sorted primary keys it
points to. Conversions: geometries as EWKT (canonical.ewkt), datetimes as ISO 8601 in UTC,
dates and times as ISO 8601, decimals as strings with the field's decimal places.

Left out on purpose: ``auto_now`` timestamps (``updated_at``), which every save moves — the
version's own time says when — and many-to-many fields with an explicit through model (such as
organisation members), whose through rows are records of their own.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

from tutela.core.parts import evidence_models, parts_of, versioned_apps
from tutela.core.plain_fields import plain_type
from tutela.history.canonical import ewkt, iso_utc, number

State = dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """What a snapshot of one model holds."""

    model: type[models.Model]
    fields: tuple[models.Field[Any, Any], ...]
    m2m: tuple[models.ManyToManyField[Any, Any], ...]

    def field(self, name: str) -> models.Field[Any, Any] | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None


_shapes: dict[type[models.Model], Shape] = {}


def concrete_model(model: type[models.Model]) -> type[models.Model]:
    """The model whose table holds ``model``'s rows: itself, unless it is a proxy."""
    # Options.concrete_model is None only on abstract models, which have no rows.
    return model._meta.concrete_model or model


def through_model(field: models.ManyToManyField[Any, Any]) -> type[models.Model]:
    """The model of a many-to-many field's table (Django's own for an implicit one)."""
    through = field.remote_field.through
    if through is None:  # only before the model class is prepared
        raise TypeError(f"{field} has no through model yet")
    return through


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is not a column")
    return field.attname


def tracked_models() -> list[type[models.Model]]:
    """Concrete, managed models of the tracked apps (proxies resolve to these)."""
    found: list[type[models.Model]] = []
    for label in versioned_apps():
        config = apps.get_app_config(label)
        kept = parts_of(config).kept
        for model in config.get_models():
            if not model._meta.proxy and model._meta.managed and model._meta.model_name not in kept:
                found.append(model)
    return found


def shape_of(model: type[models.Model]) -> Shape | None:
    """The snapshot shape of a tracked model (or of a proxy of one); None if untracked."""
    model = concrete_model(model)
    shape = _shapes.get(model)
    if shape is None and model._meta.app_label in versioned_apps() and model in tracked_models():
        shape = Shape(
            model=model,
            fields=tuple(
                field
                for field in model._meta.concrete_fields
                if not getattr(field, "auto_now", False)
            ),
            m2m=tuple(
                field
                for field in model._meta.many_to_many
                if through_model(field)._meta.auto_created
            ),
        )
        _shapes[model] = shape
    return shape


def is_evidence_model(model: type[models.Model]) -> bool:
    """Records that may serve as evidence are deleted only by marking them (deletion.py)."""
    return concrete_model(model)._meta.label_lower in evidence_models()


def to_json(field: models.Field[Any, Any], value: Any) -> Any:
    """One field's value in its snapshot form."""
    if value is None:
        return None
    if plain_type(field) is type(value):
        return value
    if isinstance(field, GeometryField):
        return _geometry_json(field, value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(field, models.JSONField):
        # As the database gives it back: through the field's encoder, tuples as lists.
        return json.loads(json.dumps(value, cls=field.encoder))
    return _scalar_json(field, field.to_python(value))


def _geometry_json(field: GeometryField[Any, Any], value: Any) -> str:
    if not isinstance(value, GEOSGeometry):
        value = GEOSGeometry(value)
    if field.srid and value.srid and value.srid != field.srid:
        # The database stores the field's SRID; transform as saving does.
        value = value.transform(field.srid, clone=True)
    elif not value.srid:
        value = value.clone()
        value.srid = field.srid
    return ewkt(value)


def _scalar_json(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return iso_utc(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
        return format(value, "f")
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, float):
        return number(value)
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def from_json(field: models.Field[Any, Any], value: Any) -> Any:
    """The Python value that gives back ``value`` (the inverse of to_json)."""
    if value is None:
        return None
    if isinstance(field, GeometryField):
        return GEOSGeometry(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.DurationField):
        return parse_duration(value)
    if isinstance(field, models.FloatField) and isinstance(value, str):
        return float(value)
    return field.to_python(value)


def snapshot(instance: models.Model, m2m: dict[str, list[Any]]) -> State:
    """The state of ``instance`` with its many-to-many primary keys given in ``m2m``."""
    shape = shape_of(type(instance))
    if shape is None:
        raise TypeError(f"{type(instance).__name__} is not a record history keeps")
    state: State = {
        field.name: to_json(field, field.value_from_object(instance)) for field in shape.fields
    }
    for field in shape.m2m:
        state[field.name] = sorted(m2m.get(field.name, ()))
    return state


def through_columns(field: models.ManyToManyField[Any, Any]) -> tuple[str, str]:
    """The through table's columns for the owner and for the related record."""
    through = through_model(field)
    return (
        _attname(through, field.m2m_field_name()),
        _attname(through, field.m2m_reverse_field_name()),
    )


def m2m_state(
    model: type[models.Model], pks: Iterable[Any], chunk: int = 500
) -> dict[Any, dict[str, list[Any]]]:
    """Many-to-many primary keys of many records of one model, a query per field and chunk."""
    shape = shape_of(model)
    pks = list(pks)
    found: dict[Any, dict[str, list[Any]]] = {pk: {} for pk in pks}
    if shape is None:
        return found
    for field in shape.m2m:
        owner, related = through_columns(field)
        through = through_model(field)
        for start in range(0, len(pks), chunk):
            rows = through._base_manager.filter(
                **{f"{owner}__in": pks[start : start + chunk]}
            ).values_list(owner, related)
            for owner_pk, related_pk in rows:
                found[owner_pk].setdefault(field.name, []).append(related_pk)
    return found


def object_label(model: type[models.Model], pk: Any, state: State | None = None) -> str:
    """How a report names a record: "site 42 (TUT-01HX…)"; never a name that may be restricted."""
    label = f"{model._meta.verbose_name} {pk}"
    for key in ("code", "ulid"):
        if state and state.get(key):
            return f"{label} ({state[key]})"
    return label
