"""How history pages and the audit log name a record: "Svetitskhoveli Cathedral (TUT-1A2B3C4D)".

For those who may restore history only (editors and administrators see every record, at every
access level); reports and error messages keep ``snapshot.object_label``, which names no record.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch

from tutela.history.snapshot import State, object_label, shape_of


def record_title(model: type[models.Model], pk: Any, state: State | None = None) -> str:
    """The record's name and its code (or kind and number); its kind and number once removed."""
    instance = _with_relations(model).filter(pk=pk).first()
    return _title(model, pk, instance, state)


def record_titles(
    targets: Iterable[tuple[int | None, str]],
) -> dict[tuple[int, str], str]:
    """(content type id, object id) -> title, a few queries per kind of record."""
    wanted: dict[int, set[str]] = {}
    for content_type_id, object_id in targets:
        if content_type_id is not None and object_id:
            wanted.setdefault(content_type_id, set()).add(object_id)
    titles: dict[tuple[int, str], str] = {}
    for content_type_id, object_ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        model = shape.model if (shape := shape_of(model)) else model
        pk_field = model._meta.pk
        keys: dict[Any, str] = {}
        for object_id in object_ids:
            # An id this kind cannot have (a forged row) is named by its number below.
            with suppress(ValidationError):
                keys[pk_field.to_python(object_id) if pk_field else object_id] = object_id
        found = _with_relations(model).in_bulk(list(keys))
        for key, object_id in keys.items():
            titles[(content_type_id, object_id)] = _title(model, object_id, found.get(key), None)
        for object_id in object_ids:
            titles.setdefault(
                (content_type_id, object_id), f"{model._meta.verbose_name} {object_id}"
            )
    return titles


def _with_relations(model: type[models.Model]) -> models.QuerySet[Any]:
    # A record's name is often built from the records it points to, its many-to-many terms or
    # its names (a site without names is called by its first type): fetched with it, not once
    # per row of the audit log.
    related: list[str | Prefetch[Any]] = [field.name for field in model._meta.many_to_many]
    for relation in model._meta.related_objects:
        if relation.one_to_many and relation.get_accessor_name() == "names":
            names = relation.related_model
            if not isinstance(names, type):  # "self", only before the model class is prepared
                continue
            related.append(
                Prefetch("names", queryset=names._base_manager.select_related(*_pointed_to(names)))
            )
    return model._base_manager.select_related(*_pointed_to(model)).prefetch_related(*related)


def _pointed_to(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def _title(
    model: type[models.Model], pk: Any, instance: models.Model | None, state: State | None
) -> str:
    if state is None and instance is not None:
        state = {key: getattr(instance, key, None) for key in ("code", "ulid")}
    number = object_label(model, pk, state)
    code = next((str(state[key]) for key in ("code", "ulid") if state and state.get(key)), None)
    if instance is None or type(instance).__str__ is models.Model.__str__:
        return number
    name = str(instance).strip()
    if not name or name == code:
        return number
    return f"{name} ({code or number})"
