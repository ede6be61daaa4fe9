"""The flat row of a site shared by CSV, GeoJSON properties and GeoPackage fields.

Columns are named as the importer's default mapping reads them (docs/interchange.md), so an
exported file comes back in with ``tutela import`` and no mapping file: identifier schemes as
``id:<scheme>``, names as ``name`` / ``name:<language>`` / ``name:<language>:<type>``, site
fields by their own names, the point as ``lon``/``lat``. Several values in one cell (types,
periods, sources) are separated by ``;``, the importer's separator.

After them, what the monitoring records say of the site as the reader sees it
(exporters/condition.py): ``condition``, the common damage level word of its current condition;
``condition:<scheme>``, ``condition:<scheme>:date`` and ``condition:<scheme>:status`` for each
scheme in the layout; ``incidents``, a count. The importer's default mapping reads none of them:
they describe other records (assessments, incidents), which a site import never writes.
"""

from __future__ import annotations

from typing import Any

from tutela.interchange.exporters.selection import Export, ExportedSite, Layout, name_columns

SEPARATOR = ";"
# Site fields after the names and identifiers, in the order a person reads them.
FIELDS_BEFORE = ["ulid", "code"]
FIELDS_AFTER = [
    "site_type",
    "faith",
    "denomination",
    "period",
    "built",
    "location_certainty",
    "admin_area",
    "admin_codes",
    "custodian",
    "description",
    "access_level",
    "location_exact",
    "lon",
    "lat",
    # Provenance on every row, so it stays with a row copied out of the file.
    "sources",
    "licence",
    "attribution",
]
NUMBERS = {"lon", "lat"}
BOOLEANS = {"location_exact"}
INTEGERS = {"incidents"}
CONDITION = "condition"
INCIDENTS = "incidents"


def identifier_column(scheme: str) -> str:
    return f"id:{scheme}"


def condition_columns(scheme: str) -> tuple[str, str, str]:
    """The value, date observed and review status of the current condition in ``scheme``."""
    return f"{CONDITION}:{scheme}", f"{CONDITION}:{scheme}:date", f"{CONDITION}:{scheme}:status"


def datatype(column: str) -> str:
    """The column's type by its XSD name (as CSVW names them): double, boolean, integer,
    date or string."""
    if column in NUMBERS:
        return "double"
    if column in BOOLEANS:
        return "boolean"
    if column in INTEGERS:
        return "integer"
    parts = column.split(":")  # a scheme code is a slug: it has no colon
    if len(parts) == 3 and parts[0] == CONDITION and parts[2] == "date":
        return "date"
    return "string"


def column_names(layout: Layout) -> list[str]:
    return [
        *FIELDS_BEFORE,
        *(identifier_column(scheme) for scheme in layout.identifier_schemes),
        *layout.name_columns,
        *FIELDS_AFTER,
        CONDITION,
        *(column for scheme in layout.condition_schemes for column in condition_columns(scheme)),
        INCIDENTS,
    ]


def _joined(values: list[str]) -> str:
    return SEPARATOR.join(dict.fromkeys(value for value in values if value))


def site_row(exported: ExportedSite, export: Export) -> dict[str, Any]:
    """Column -> value (text, float, bool or None); columns a site lacks are absent."""
    site = exported.site
    row: dict[str, Any] = {"ulid": site.ulid, "code": site.code}
    by_scheme: dict[str, list[str]] = {}
    for scheme, value in exported.identifiers:
        by_scheme.setdefault(identifier_column(scheme), []).append(value)
    row.update({column: _joined(values) for column, values in by_scheme.items()})
    row.update(name_columns(exported))
    sources = [export.source(pk) for pk in exported.source_ids]
    row.update(
        {
            "site_type": _joined(exported.site_types),
            "faith": site.faith.code if site.faith is not None else "",
            "denomination": site.denomination.code if site.denomination is not None else "",
            "period": _joined(exported.periods),
            "built": site.built,
            "location_certainty": (
                site.location_certainty.code if site.location_certainty is not None else ""
            ),
            "admin_area": site.admin_area,
            "admin_codes": site.admin_codes,
            "custodian": site.custodian,
            "description": site.description,
            "access_level": site.access_level,
            "location_exact": exported.location_exact,
            "lon": exported.point.x if exported.point is not None else None,
            "lat": exported.point.y if exported.point is not None else None,
            "sources": _joined([source.title for source in sources]),
            "licence": _joined([source.licence for source in sources]),
            "attribution": _joined([source.attribution for source in sources]),
            CONDITION: exported.damage_level,
        }
    )
    for scheme, current in exported.conditions.items():
        value, observed_on, status = condition_columns(scheme)
        row[value] = current.value
        row[observed_on] = current.observed_on.isoformat()
        row[status] = current.status
    row[INCIDENTS] = exported.incidents
    return row
