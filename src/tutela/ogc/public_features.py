"""The public features' read model: each site's feature parts, kept by the writes that change them.

An anonymous bbox page showed, for each of its 101 sites, a name chosen by the reader's
language, its types, faith, denomination and condition: lookups in five more tables per site,
about 1.1 ms of PostgreSQL's 2.1 ms for a page at a million sites (docs/performance.md). Those
parts change only when a site, its names, its types, its assessments or a vocabulary term
changes, and every such write records a version (history/recording.py), which calls
``after_record`` here in the same transaction. So a page reads one row per site
(ogc/public_sql.py); the site's own row, read live, still decides whether the site is shown at
all and where (the access policy), so a stale row here could never show what the policy hides.

What is written is computed by the anonymous reader's own queryset (``SITES.base``: the
policy's visible sites, the condition of their latest verified public assessment), so the
model and the ORM path say the same; the tests hold them equal. PostgreSQL only: SpatiaLite
reads its few small queries in-process, where these lookups cost microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.signals import pre_delete, pre_save

ALL_SITES = None  # ``refresh(ALL_SITES)``: rebuild the whole model


def kept(connection: Any = None) -> bool:
    """Whether this database keeps the read model: PostgreSQL, whose page statement reads
    it (SpatiaLite's page is its few in-process queries)."""
    from tutela.ogc.public_sql import folds

    return folds((connection or connections["default"]).vendor)


def refresh(among: tuple[str, tuple] | None) -> None:
    """Rewrite the features of the sites ``among`` names (SQL giving site ids, and its
    parameters), or of every site: rows of sites an anonymous reader no longer sees go.

    One statement that upserts, then removes what it did not write: two writers refreshing
    the same site at once wait on its row instead of one failing on the other's insert.
    """
    if not kept():
        return
    sql, params = _refresh_sql(among)
    with connections["default"].cursor() as db:
        db.execute(sql, params)


def refresh_sites(ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in ids if i is not None})
    if ids:
        refresh(("SELECT unnest(%s::bigint[])", (ids,)))


def _refresh_sql(among: tuple[str, tuple] | None, table: str | None = None) -> tuple[str, tuple]:
    from tutela.ogc.collections import SITES, site_rows
    from tutela.ogc.models import PublicSiteFeature
    from tutela.ogc.public_sql import rows_statement
    from tutela.ogc.site_feature import SITE_COLUMNS, kept_sql
    from tutela.registry.models import Name, Site
    from tutela.registry.naming import name_rank_sql
    from tutela.registry.vocabulary import NameType, SiteType

    sites = SITES.base(AnonymousUser()).order_by()
    if among is not None:
        sites = sites.filter(id__in=RawSQL(among[0], among[1]))  # noqa: S611 - names from the code, values as parameters
    rows = rows_statement(site_rows(sites))
    if rows.order is None:
        raise RuntimeError("site_rows() gives the columns in a known order")
    table = table or PublicSiteFeature._meta.db_table
    width = len(SITE_COLUMNS)
    column = {name: f"page.c{i}" for name, i in zip(SITE_COLUMNS, rows.order, strict=True)}
    site_id = f"c{rows.order[0]}"
    name, name_type = Name._meta.db_table, NameType._meta.db_table
    through = Site.site_types.through._meta.db_table
    site_type = SiteType._meta.db_table
    properties = kept_sql({**column, "types": "kinds.codes"})
    # The names' rank is registry.naming's, as the Python path's: for each language a name is
    # in, its best name for a reader of that language; for any other reader ("*") the best
    # without that first step, which is the same for every such reader.
    for_own = name_rank_sql("language", "code", "contested", "sort_order", "id", "language")
    for_others = name_rank_sql("language", "code", "contested", "sort_order", "id", None)
    sql = (
        f"WITH page({', '.join(f'c{i}' for i in range(width))}) AS ({rows.sql}), "  # noqa: S608 - names from the code, values as parameters
        f"spoken AS (SELECT n.site_id, split_part(n.language, '-', 1) AS language, n.text,"
        f" n.contested, n.id, t.code, t.sort_order FROM {name} n"
        f" JOIN {name_type} t ON t.id = n.name_type_id"
        f" WHERE n.site_id IN (SELECT {site_id} FROM page)), "
        f"in_language AS (SELECT DISTINCT ON (site_id, language) site_id, language, text"
        f" FROM spoken ORDER BY site_id, language, {for_own}), "
        f"for_others AS (SELECT DISTINCT ON (site_id) site_id, '*' AS language, text FROM spoken"
        f" ORDER BY site_id, {for_others}), "
        f"names AS (SELECT site_id, jsonb_object_agg(language, text) AS names FROM"
        f" (SELECT * FROM in_language UNION ALL SELECT * FROM for_others) chosen"
        f" GROUP BY site_id), "
        f"kinds AS (SELECT s.site_id, string_agg(t.code, ',' ORDER BY t.sort_order, t.label)"
        f" AS codes, (array_agg(t.id ORDER BY t.sort_order, t.label))[1] AS first"
        f" FROM {through} s JOIN {site_type} t ON t.id = s.sitetype_id"
        f" WHERE s.site_id IN (SELECT {site_id} FROM page) GROUP BY s.site_id), "
        f"written AS (INSERT INTO {table} (site_id, names, properties, first_type_id)"
        f" SELECT {column['id']}, COALESCE(names.names, '{{}}'::jsonb), {properties},"
        f" kinds.first FROM page"
        f" LEFT JOIN names ON names.site_id = {column['id']}"
        f" LEFT JOIN kinds ON kinds.site_id = {column['id']}"
        f" ON CONFLICT (site_id) DO UPDATE SET names = EXCLUDED.names,"
        f" properties = EXCLUDED.properties, first_type_id = EXCLUDED.first_type_id"
        f" RETURNING site_id) "
        f"DELETE FROM {table} f WHERE {'TRUE' if among is None else f'f.site_id IN ({among[0]})'}"
        f" AND NOT EXISTS (SELECT 1 FROM written w WHERE w.site_id = f.site_id)"
    )
    among_params = () if among is None else tuple(among[1])
    return sql, (*rows.params, *among_params)


# --- kept by the writes ----------------------------------------------------------------------


def _concrete_label(model: type[models.Model]) -> str:
    """The label of the model whose table holds the rows (a proxy's is its concrete model's)."""
    # concrete_model is set for every model class; None only on unbound Options.
    concrete = model._meta.concrete_model or model
    return concrete._meta.label_lower


def after_record(instances: list[models.Model]) -> None:
    """Rewrite the features of the sites the recorded rows belong to (history/recording.py
    calls this for every version it writes, removals included, in the write's transaction,
    under the audit chain's lock, so writers of one site rewrite it one after the other).
    Which records and terms change a feature is the feature's own definition
    (ogc/site_feature.py: SOURCES, and the terms its properties show)."""
    from django.apps import apps

    from tutela.ogc.site_feature import SOURCES

    if not instances or not kept():
        return
    by_model: dict[str, list[models.Model]] = {}
    for instance in instances:
        by_model.setdefault(_concrete_label(type(instance)), []).append(instance)
    shown = shown_terms()
    direct: set[int] = set()
    for label, group in by_model.items():
        source = SOURCES.get(label)
        if source is not None:
            keys = [getattr(instance, source.site) for instance in group]
            if None in keys:
                # A removal known by its key alone (history/baseline.py after a migration):
                # whose site it was is not known, so every feature is rewritten.
                refresh(ALL_SITES)
                return
            if source.via is None:
                direct.update(keys)
            else:
                table = apps.get_model(source.via)._meta.db_table
                ids = sorted(set(keys))
                refresh((f"SELECT site_id FROM {table} WHERE id = ANY(%s)", (ids,)))  # noqa: S608 - names from the code, values as parameters
        elif label in shown:
            _after_terms(label, group, direct)
    refresh_sites(direct)


def shown_terms() -> dict[str, tuple[str, ...]]:
    from tutela.ogc.site_feature import shown_terms as of_the_feature

    return of_the_feature()


def _after_terms(label: str, terms: list[models.Model], direct: set[int]) -> None:
    from tutela.ogc.site_feature import terms_of

    shown = terms_of(label)
    changed = []
    for term in terms:
        # A removed term's sites were found before it went (before_term_change): the cascade
        # removes a site type's links before the removal is recorded, without m2m signals.
        direct.update(getattr(term, "_sites_shown_with", ()))
        before = getattr(term, "_shown_before", None)
        if before is None or before != tuple(getattr(term, f) for f in shown.fields):
            changed.append(term.pk)
    keys = sorted({pk for pk in changed if pk is not None})
    if keys:
        refresh((shown.sites(), (keys,)))


def before_term_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """pre_save and pre_delete of the terms a feature shows: note what the feature showed of
    the term, and on removal which sites showed it."""
    from tutela.ogc.site_feature import terms_of

    label = _concrete_label(sender)
    if instance.pk is None or label not in shown_terms() or not kept():
        return
    shown = terms_of(label)
    # Notes on the instance, read back by _after_terms: the models declare no such fields, so
    # they go where Django keeps an instance's own attributes.
    notes = vars(instance)
    notes["_shown_before"] = (
        sender._base_manager.filter(pk=instance.pk).values_list(*shown.fields).first()
    )
    if kwargs.get("signal") is pre_delete:
        with connections["default"].cursor() as db:
            db.execute(shown.sites(), [[instance.pk]])
            notes["_sites_shown_with"] = [row[0] for row in db.fetchall()]


def connect() -> None:
    """Note the terms' state before their edits and removals (ogc/apps.py)."""
    from django.apps import apps

    for label in shown_terms():
        model = apps.get_model(label)
        for signal in (pre_save, pre_delete):
            signal.connect(
                before_term_change, sender=model, dispatch_uid=f"ogc-features-{label}-{signal}"
            )


def differing(shown: int = 10) -> tuple[int, list[int]] | None:
    """How many sites' kept features differ from what their records say now (missing, stale,
    or kept for a site the public no longer sees), and the first ``shown`` of their ids; None
    where no model is kept. For `tutela verify`: a write made around Tutela (SQL by hand)
    leaves the model behind, and the pages then show what the records no longer say."""
    from tutela.ogc.models import PublicSiteFeature

    if not kept():
        return None
    table = PublicSiteFeature._meta.db_table
    fresh = "tutela_fresh_public_features"
    sql, params = _refresh_sql(ALL_SITES, fresh)
    with transaction.atomic(), connections["default"].cursor() as db:
        db.execute(f"CREATE TEMPORARY TABLE {fresh} (LIKE {table} INCLUDING ALL) ON COMMIT DROP")
        db.execute(sql, params)
        db.execute(
            f"SELECT DISTINCT site_id FROM ((SELECT * FROM {fresh} EXCEPT SELECT * FROM {table})"  # noqa: S608 - names from the code, values as parameters
            f" UNION ALL (SELECT * FROM {table} EXCEPT SELECT * FROM {fresh})) differing"
            f" ORDER BY site_id"
        )
        ids = [row[0] for row in db.fetchall()]
        # Dropped here too: inside an outer transaction (a test's) nothing commits.
        db.execute(f"DROP TABLE {fresh}")
    return len(ids), ids[:shown]


def rebuild(missing_only: bool = False) -> None:
    """Write every site's feature, or only those of sites that have none (after a migration,
    or rows a bulk load wrote around the model layer). Under the audit chain's lock, as the
    writes that keep the model, so a write made meanwhile is not overwritten by this one's
    older reading."""
    from tutela.history.cache import forget_cached
    from tutela.history.chain import lock_chain
    from tutela.ogc.models import PublicSiteFeature
    from tutela.registry.models import Site

    if not kept():
        return
    with transaction.atomic():
        lock_chain()
        # Cached pages and tiles were read from the old rows, under keys a rebuild does not
        # change (it records no version).
        transaction.on_commit(forget_cached)
        if not missing_only:
            refresh(ALL_SITES)
            return
        refresh(
            (
                f"SELECT s.id FROM {Site._meta.db_table} s WHERE NOT EXISTS (SELECT 1 FROM "  # noqa: S608 - names from the code, values as parameters
                f"{PublicSiteFeature._meta.db_table} f WHERE f.site_id = s.id)",
                (),
            )
        )


def after_migrate(plan: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate: write the features of sites that have none, once every migration is in."""
    from tutela.history.baseline import fully_migrated

    if using == DEFAULT_DB_ALIAS and plan and fully_migrated(using):
        rebuild(missing_only=True)
