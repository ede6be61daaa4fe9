"""Reading history: the versions of a record and its state as of any moment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tutela.history.models import Version
from tutela.history.snapshot import State


def versions_of(record: models.Model | type[models.Model], pk: Any = None) -> QuerySet[Version]:
    """Versions of a record (an instance, or a model and a primary key), oldest first."""
    model = record if isinstance(record, type) else type(record)
    if pk is None:
        pk = record.pk
    content_type = ContentType.objects.get_for_model(model)
    return (
        Version.objects.filter(content_type=content_type, object_id=str(pk))
        .select_related("actor")
        .order_by("seq")
    )


def state_as_of(model: type[models.Model], pk: Any, when: datetime) -> State | None:
    """The record's state at ``when``; None if it did not exist yet or was deleted by then.

    A record marked deleted (``deleted_at`` set) counts as deleted; its state is still in
    versions_of().
    """
    version = versions_of(model, pk).filter(at__lte=when).order_by("-seq").first()
    if version is None:
        return None
    state = version.state
    if state is None or state.get("deleted_at"):
        return None
    return state


def changed_fields(before: State | None, after: State | None) -> list[str]:
    """Names of the fields whose values differ between two states (all of them when one is
    missing)."""
    if before is None or after is None:
        return sorted((before or after or {}).keys())
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def parse_moment(text: str) -> datetime | None:
    """An ISO 8601 date-time (a naive one is in the server's time zone); None if it is not one."""
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
