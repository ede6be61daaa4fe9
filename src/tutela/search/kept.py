"""The search keys, kept by the writes.

Every recorded write of a name or an incident (history/recording.py calls ``after_record`` in
the write's transaction: pages, the API, imports, the admin, restores) rewrites its key, so a
name is found the moment it is saved. Rows written around Tutela (a bulk load in SQL) are
caught up by ``tutela manage refresh_search_keys``; ``tutela verify`` reports keys that
differ from the names; ``migrate`` fills an empty table (the migration that made it, or a
change of the romanisation, which ships as a migration that empties it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models, transaction

from tutela.search.romanise import consonants, name_key, skeleton

CHUNK = 2000
SHORTEST_TERM = 3  # trigrams: a shorter word cannot be matched by similarity
LONGEST_TERM = 100


def _name_rows(names: Any) -> Iterator[tuple[int, int, str]]:
    """(name id, site id, key) for these names (a queryset of registry.Name)."""
    for name_id, site_id, text, language in names.values_list(
        "id", "site_id", "text", "language"
    ).iterator(chunk_size=CHUNK):
        yield name_id, site_id, name_key(text, language)[:500]


def _incident_rows(incidents: Any) -> Iterator[tuple[int, str]]:
    for incident_id, title in incidents.values_list("id", "title").iterator(chunk_size=CHUNK):
        yield incident_id, skeleton(title)[:300]


def words_of(key: str) -> set[str]:
    return {word for word in key.split() if SHORTEST_TERM <= len(word) <= LONGEST_TERM}


def _write_names(rows: Iterable[tuple[int, int, str]]) -> None:
    from tutela.search.models import NameKey, Term

    batch: list[NameKey] = []
    words: set[str] = set()

    def flush() -> None:
        NameKey.objects.bulk_create(batch, batch_size=CHUNK)
        Term.objects.bulk_create(
            [Term(word=word, consonants=consonants(word)) for word in sorted(words)],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )
        batch.clear()
        words.clear()

    for name_id, site_id, key in rows:
        batch.append(NameKey(name_id=name_id, site_id=site_id, skeleton=key))
        words.update(words_of(key))
        if len(batch) >= CHUNK:
            flush()
    flush()


def refresh_names(name_ids: Iterable[int]) -> None:
    """Rewrite the keys of these names (a removed name's key goes)."""
    from tutela.registry.models import Name
    from tutela.search.models import NameKey

    ids = sorted({int(i) for i in name_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        NameKey.objects.filter(name_id__in=chunk).delete()
        _write_names(_name_rows(Name.objects.filter(id__in=chunk)))


def refresh_incidents(incident_ids: Iterable[int]) -> None:
    from tutela.monitoring.models import Incident
    from tutela.search.models import IncidentKey

    ids = sorted({int(i) for i in incident_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        IncidentKey.objects.filter(incident_id__in=chunk).delete()
        IncidentKey.objects.bulk_create(
            IncidentKey(incident_id=i, skeleton=key)
            for i, key in _incident_rows(Incident._base_manager.filter(id__in=chunk))
        )


def after_record(instances: list[models.Model]) -> None:
    """Rewrite the keys of the names and incidents just recorded, removals included."""
    from tutela.monitoring.models import Incident
    from tutela.registry.models import Name

    names = [instance.pk for instance in instances if isinstance(instance, Name)]
    incidents = [instance.pk for instance in instances if isinstance(instance, Incident)]
    if names:
        refresh_names(names)
    if incidents:
        refresh_incidents(incidents)


def rebuild(missing_only: bool = False) -> int:
    """Write every key anew (or, with ``missing_only``, only when none is kept though names
    exist). Returns how many name keys are kept."""
    from tutela.monitoring.models import Incident
    from tutela.registry.models import Name
    from tutela.search.models import IncidentKey, NameKey, Term

    with transaction.atomic():
        if missing_only and (NameKey.objects.exists() or not Name.objects.exists()):
            return NameKey.objects.count()
        NameKey.objects.all().delete()
        Term.objects.all().delete()
        IncidentKey.objects.all().delete()
        _write_names(_name_rows(Name.objects.order_by("id")))
        IncidentKey.objects.bulk_create(
            (
                IncidentKey(incident_id=i, skeleton=key)
                for i, key in _incident_rows(Incident._base_manager.order_by("id"))
            ),
            batch_size=CHUNK,
        )
    return NameKey.objects.count()


def differing(shown: int = 10) -> tuple[int, list[int]]:
    """How many names' kept keys differ from their text now (missing, stale or left over),
    and the first ``shown`` of their ids, for `tutela verify`."""
    from tutela.registry.models import Name
    from tutela.search.models import NameKey

    fresh = {name_id: (site_id, key) for name_id, site_id, key in _name_rows(Name.objects.all())}
    kept = {
        name_id: (site_id, key)
        for name_id, site_id, key in NameKey.objects.values_list(
            "name_id", "site_id", "skeleton"
        ).iterator(chunk_size=CHUNK)
    }
    ids = sorted(
        (fresh.keys() ^ kept.keys())
        | {i for i in fresh.keys() & kept.keys() if fresh[i] != kept[i]}
    )
    return len(ids), ids[:shown]


def after_migrate(plan: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate: key the names of a database that has none keyed yet."""
    from tutela.history.baseline import fully_migrated

    if using == DEFAULT_DB_ALIAS and plan and fully_migrated(using):
        rebuild(missing_only=True)
