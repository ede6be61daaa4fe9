"""The flat row of a site shared by CSV, GeoJSON properties and GeoPackage fields.

Columns are named as the importer's default mapping reads them (docs/interchange.md), so an
exported file comes back in with ``tutela import`` and no mapping file: identifier schemes as
``id:<scheme>``, names as ``name`` / ``name:<language>`` / ``name:<language>:<type>``, site
fields by their own names, the point as ``lon``/``lat``. Several values in one cell (types,
periods, sources) are separated by ``;``, the importer's separator.
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


def identifier_column(scheme: str) -> str:
    return f"id:{scheme}"


def column_names(layout: Layout) -> list[str]:
    return [
        *FIELDS_BEFORE,
        *(identifier_column(scheme) for scheme in layout.identifier_schemes),
        *layout.name_columns,
        *FIELDS_AFTER,
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
        }
    )
    return row
