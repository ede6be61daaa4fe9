"""The columns Tutela reads without a mapping file: what each takes, whether it is needed, an
example. One declaration: ``mapping.default_mapping`` reads files by it, the import page lists
it, and the CSV template is written from it, so none of the three can drift from the others.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    """A column of a file of sites as Tutela names it (a layer's property alike)."""

    name: str  # as the template's header writes it
    takes: str | Promise
    example: str
    required: str | Promise = ""  # when the column is needed; "" when it is optional
    site_field: str = ""  # the Site field it fills, for the fields of mapping.SITE_FIELDS
    aliases: tuple[str, ...] = ()  # other names read as this column (case is ignored)
    csv_only: bool = False  # a layer carries its own geometry instead


# The identifier column is named after a scheme code (the schemes are data, in the admin), so
# it is not here: see IDENTIFIER and mapping.default_mapping.
IDENTIFIER = Column(
    "national-register",
    _(
        "An external identifier; the column is named after its scheme (national-register, "
        "wikidata, osm, geonames, unesco-whc, or id:<scheme>). A later import finds the site "
        "again by it."
    ),
    "GE-0001",
    required=_("At least one identifier column"),
)
NAMES = (
    Column("name", _("The site's name, in the language of the place."), "Sioni Cathedral"),
    Column(
        "name:<language>",
        _(
            "The name in another language: name:ka, name:en … (an ISO 639 code); "
            "name:<language>:<type> gives the type too, as Tutela's exports do."
        ),
        "სიონის ტაძარი",
    ),
)
COORDINATES = (
    Column(
        "lon",
        _("Longitude, WGS 84 decimal degrees (a decimal comma is read too)."),
        "44.8075",
        required=_("Unless wkt is given"),
        aliases=("longitude",),
    ),
    Column(
        "lat",
        _("Latitude, WGS 84 decimal degrees."),
        "41.6917",
        required=_("Unless wkt is given"),
        aliases=("latitude",),
    ),
    Column(
        "wkt",
        _("The location as WKT: a point, or the outline of the site as a (multi)polygon."),
        "",
        aliases=("footprint",),
        csv_only=True,
    ),
)
FIELDS = (
    Column("code", _("Tutela's own code of the site; made up when empty."), "", site_field="code"),
    Column(
        "site_type",
        _("Site type code(s) or labels, several separated by ;"),
        "church",
        site_field="site_types",
        aliases=("site_types",),
    ),
    Column("faith", _("Faith code or label."), "christianity", site_field="faith"),
    Column(
        "denomination",
        _("Denomination code or label."),
        "georgian-orthodox",
        site_field="denomination",
    ),
    Column(
        "period",
        _("Period code(s) or labels, several separated by ;"),
        "",
        site_field="periods",
        aliases=("periods",),
    ),
    Column(
        "location_certainty",
        _("How exact the location is: a location certainty code."),
        "",
        site_field="location_certainty",
    ),
    Column(
        "access_level",
        _("public, registered, restricted or confidential (new sites: public when empty)."),
        "public",
        site_field="access_level",
    ),
    Column("built", _("When it was built, as an uncertain date."), "c. 1150", site_field="built"),
    Column(
        "admin_area",
        _("The administrative area as people write it."),
        "Tbilisi",
        site_field="admin_area",
    ),
    Column(
        "admin_codes",
        _(
            "ISO 3166-2 or ISO 3166-1 code(s), separated by ; — the point is checked against "
            "the country."
        ),
        "GE-TB",
        site_field="admin_codes",
    ),
    Column("custodian", _("Who looks after the site."), "", site_field="custodian"),
    Column("description", _("A short description."), "", site_field="description"),
)


def columns(has_geometry: bool = False) -> list[Column]:
    """The columns a file of this kind is read by, in the template's order."""
    return [
        IDENTIFIER,
        *NAMES,
        *(column for column in COORDINATES if not (has_geometry and column.csv_only)),
        *FIELDS,
    ]


def template_csv() -> str:
    """A CSV with the header row and one example row (the names of a language column as
    name:ka); it imports as it is."""
    header, example = [], []
    for column in columns():
        header.append(column.name.replace("<language>", "ka"))
        example.append(column.example)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([header, example])
    return buffer.getvalue()


class _Every:
    """Every column name: a layout's mapping with all its optional columns present."""

    def __contains__(self, name: object) -> bool:
        return True


def unesco_columns() -> list[str]:
    """The columns of UNESCO's layout the importer reads (category: which sites it keeps)."""
    from tutela.interchange.importers.unesco_whc import layout_mapping

    return [*layout_mapping(_Every()).columns(), "category"]


def osm_keys() -> list[str]:
    """The OpenStreetMap tags the PBF importer reads."""
    from tutela.interchange.importers.osm_pbf import NAME_KEYS, TAG_KEYS, TYPE_KEYS

    keys = [*TAG_KEYS, *TYPE_KEYS, "name", "name:<language>", *NAME_KEYS]
    return list(dict.fromkeys([*keys, "religion", "denomination", "wikidata"]))
