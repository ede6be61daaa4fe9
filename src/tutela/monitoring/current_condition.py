"""Each site's current condition, kept once per view of the monitoring records.

The map's clusters say how many of their sites are destroyed, damaged, undamaged or of unknown
condition (spatial/mvt.py). Asking each site of a low-zoom tile for its latest verified
assessment took a second for a first tile at a million sites (docs/performance.md); reading a
kept level takes an index lookup. A site's current condition is the same for every reader who
sees the same monitoring records, and those are one of three views (VIEWS): the public's, a
signed-in reader's, and everything (privileged readers and reviewers, and any reader on a site
granted to them). The level kept is the live definition's
(monitoring.queries.latest_damage_level), computed by it.

A level changes only when an assessment, its values or a scheme value's damage level changes;
every such write records a version (history/recording.py), which calls ``after_record`` here in
the same transaction, under the audit chain's lock. Rows written around Tutela (a bulk load in
SQL) are caught up by ``tutela manage refresh_conditions``, and ``tutela verify`` reports any
site whose kept condition differs from its records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from tutela.access.levels import AccessLevel
from tutela.access.policy import granted_sites, record_levels
from tutela.access.roles import Reader

L = AccessLevel
# A view of the monitoring records: the access levels of the assessments it holds (None: all).
VIEWS: dict[str, tuple[str, ...] | None] = {
    "public": (L.PUBLIC,),
    "registered": (L.PUBLIC, L.REGISTERED),
    "all": None,
}
ALL_SITES = None  # ``refresh(ALL_SITES)``: every site
CHUNK = 500


def view_of(reader: Reader) -> str:
    """The view of the monitoring records this reader has by their role (a grant opens
    everything on its site: ``with_kept_level``, ``kept_conditions``)."""
    levels = record_levels(reader)
    if levels is None or set(levels) >= set(L.values):
        return "all"
    return "registered" if L.REGISTERED in levels else "public"


def with_kept_level(sites: QuerySet[Any], reader: Reader, name: str = "condition_level") -> Any:
    """``sites`` annotated with ``name``: each site's kept level as this reader sees it, as
    ``current_damage_level(reader)`` would compute it (a LEFT JOIN, not a subquery per site).
    A site granted to the reader shows its condition in full, as record_condition opens it."""
    view = view_of(reader)
    sites = sites.annotate(_kept_view=_kept(view))
    level: Any = F("_kept_view__level")
    if view != "all" and getattr(reader, "is_authenticated", False):
        granted = Exists(granted_sites(reader).filter(site_id=OuterRef("pk")))
        sites = sites.annotate(_kept_all=_kept("all"))
        level = Case(When(granted, then=F("_kept_all__level")), default=level)
    return sites.annotate(**{name: level})


def kept_conditions(reader: Reader) -> QuerySet[Any]:
    """The kept conditions this reader reads, one per site with a current condition (any
    site: narrow them to the sites the reader sees): their view's, and the full one on the
    sites granted to them."""
    from tutela.monitoring.models import CurrentCondition

    view = view_of(reader)
    kept = CurrentCondition.objects.all()
    if view == "all" or not getattr(reader, "is_authenticated", False):
        return kept.filter(records=view)
    granted = granted_sites(reader)
    return kept.filter(
        (Q(records=view) & ~Q(site_id__in=granted)) | Q(records="all", site_id__in=granted)
    )


def _kept(view: str) -> FilteredRelation:
    return FilteredRelation("kept_conditions", condition=Q(kept_conditions__records=view))


def _assessments(levels: tuple[str, ...] | None) -> QuerySet[Any]:
    """A view's assessments a condition is read from: verified, not deleted, within its levels
    (monitoring.queries.condition_assessments for a reader of that view without grants)."""
    from tutela.monitoring.models import Assessment, ReviewStatus

    assessments = Assessment.objects.filter(status=ReviewStatus.VERIFIED, deleted_at__isnull=True)
    return assessments if levels is None else assessments.filter(access_level__in=levels)


def computed(site_ids: list[int] | None) -> list[tuple[int, str, int | None, int, Any]]:
    """(site, view, level, assessment, observed on) of these sites (or of every site), from
    their records now."""
    from tutela.monitoring.queries import LATEST_FIRST, latest_damage_level
    from tutela.registry.models import Site

    rows: list[tuple[int, str, int | None, int, Any]] = []
    for view, levels in VIEWS.items():
        assessments = _assessments(levels)
        latest = assessments.filter(site=OuterRef("pk")).order_by(*LATEST_FIRST)
        sites = Site.objects.filter(pk__in=assessments.values("site_id"))
        if site_ids is not None:
            sites = sites.filter(pk__in=site_ids)
        annotated = sites.order_by().annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_on=Subquery(latest.values("observed_on")[:1]),
            level=latest_damage_level(assessments),
        )
        for site_id, assessment_id, observed_on, level in annotated.values_list(
            "pk", "latest_id", "latest_on", "level"
        ).iterator(chunk_size=2000):
            rows.append((site_id, view, level, assessment_id, observed_on))
    return rows


def refresh(site_ids: Iterable[int] | None) -> None:
    """Rewrite the kept conditions of these sites, or of every site (ALL_SITES)."""
    from tutela.history.chain import lock_chain
    from tutela.monitoring.models import CurrentCondition

    table = CurrentCondition._meta.db_table
    # Raw deletes: the model's rows are no records (no history, no signals to send).
    with transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as db:
        # Under the audit chain's lock, as every write that calls this: two refreshes of one
        # site one after the other, each reading what the other wrote.
        lock_chain()
        if site_ids is None:
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's table
            _write(computed(None))
            return
        ids = sorted({int(i) for i in site_ids if i is not None})
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            db.execute(f"DELETE FROM {table} WHERE site_id IN ({marks})", chunk)  # noqa: S608 - the model's table
            _write(computed(chunk))


def _write(rows: list[tuple[int, str, int | None, int, Any]]) -> None:
    from tutela.monitoring.models import CurrentCondition

    CurrentCondition.objects.bulk_create(
        [
            CurrentCondition(
                site_id=site_id,
                records=view,
                level=level,
                assessment_id=assessment_id,
                observed_on=observed_on,
            )
            for site_id, view, level, assessment_id, observed_on in rows
        ],
        batch_size=2000,
    )


# --- kept by the writes ----------------------------------------------------------------------


def after_record(instances: list[models.Model]) -> None:
    """Rewrite the kept conditions of the sites whose assessments, assessment values or scheme
    values were just recorded (history/recording.py calls this for every version it writes,
    removals included, in the write's transaction)."""
    from tutela.monitoring.models import Assessment, AssessmentValue, CurrentCondition, SchemeValue

    assessments: set[int] = set()
    sites: set[int] = set()
    terms: set[int] = set()
    for instance in instances:
        if isinstance(instance, Assessment):
            if instance.pk is None or instance.site_id is None:
                refresh(ALL_SITES)  # a removal known by its key alone: whose site is unknown
                return
            assessments.add(instance.pk)
            sites.add(instance.site_id)
        elif isinstance(instance, AssessmentValue):
            if instance.assessment_id is None:
                refresh(ALL_SITES)
                return
            assessments.add(instance.assessment_id)
        elif isinstance(instance, SchemeValue) and instance.pk is not None:
            terms.add(instance.pk)
    if not (assessments or terms):
        return
    if assessments:
        listed = sorted(assessments)
        for start in range(0, len(listed), CHUNK):
            chunk = listed[start : start + CHUNK]
            # Its site now, and the site whose kept condition it was (an assessment moved).
            sites.update(
                Assessment._base_manager.filter(pk__in=chunk).values_list("site_id", flat=True)
            )
            sites.update(
                CurrentCondition.objects.filter(assessment_id__in=chunk).values_list(
                    "site_id", flat=True
                )
            )
    if terms:
        # A scheme value's damage level is part of every level read from it.
        sites.update(
            Assessment._base_manager.filter(values__value_id__in=sorted(terms)).values_list(
                "site_id", flat=True
            )
        )
    refresh(sites)


def differing(shown: int = 10) -> tuple[int, list[int]]:
    """How many sites' kept conditions differ from what their records say now, and the first
    ``shown`` of their ids, for `tutela verify`: a write made around Tutela leaves them behind."""
    from tutela.monitoring.models import CurrentCondition

    fresh = {(row[0], row[1]): row[2:] for row in computed(ALL_SITES)}
    kept = {
        (row[0], row[1]): row[2:]
        for row in CurrentCondition.objects.values_list(
            "site_id", "records", "level", "assessment_id", "observed_on"
        ).iterator(chunk_size=5000)
    }
    ids = sorted(
        {key[0] for key in fresh.keys() ^ kept.keys()}
        | {key[0] for key in fresh.keys() & kept.keys() if fresh[key] != kept[key]}
    )
    return len(ids), ids[:shown]


def rebuild(missing_only: bool = False) -> int:
    """Write every site's kept conditions (or, with ``missing_only``, only when none is kept
    yet though verified assessments exist: after the migration that made the table, or a
    bulk load). Under the audit chain's lock, as the writes that keep them. Returns how many
    rows are kept."""
    from tutela.history.cache import forget_cached
    from tutela.history.chain import lock_chain
    from tutela.monitoring.models import Assessment, CurrentCondition, ReviewStatus

    with transaction.atomic():
        lock_chain()
        # What the tiles and counts cached was read from the old rows, under keys a rebuild
        # does not change (it records no version).
        transaction.on_commit(forget_cached)
        if missing_only and (
            CurrentCondition.objects.exists()
            or not Assessment.objects.filter(status=ReviewStatus.VERIFIED).exists()
        ):
            return CurrentCondition.objects.count()
        refresh(ALL_SITES)
    return CurrentCondition.objects.count()


def after_migrate(plan: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate: keep the conditions of a database that has none yet, once every
    migration is in."""
    from tutela.history.baseline import fully_migrated

    if using == DEFAULT_DB_ALIAS and plan and fully_migrated(using):
        rebuild(missing_only=True)
