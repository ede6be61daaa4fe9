"""KML 2.2 (OGC 07-147r2): for Google Earth and for people who are sent "a map file".

One Placemark per site, named with the name a reader of the export's language sees first, with
the shared columns (exporters/columns.py) as typed ExtendedData, and its point — plus its
footprint where the reader may see it — as a MultiGeometry. The Document's description holds
the export's record and every source with its licence and attribution, which Google Earth shows
when the file is opened. KML coordinates are WGS 84 longitude,latitude by definition.

An export that draws its sites with symbols (the no-strike list's emblems, Export.symbols)
gets one shared Style per symbol and a styleUrl on each Placemark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape, quoteattr

from tutela.interchange.exporters.base import Exporter, Progress
from tutela.interchange.exporters.columns import BOOLEANS, datatype
from tutela.interchange.exporters.selection import Export, ExportedSite, Symbol
from tutela.registry.naming import name_rank

# KML's SimpleField types for the columns' types; KML has no date type, so a date is a string.
KML_TYPES = {"double": "double", "boolean": "bool", "integer": "int"}


def display_name(exported: ExportedSite, language: str) -> str:
    if not exported.names:
        return exported.site.code
    ranked = min(
        enumerate(exported.names),
        key=lambda item: name_rank(
            item[1].language, item[1].name_type, item[1].contested, item[0], language
        ),
    )
    return ranked[1].text


def _coordinates(points: Any) -> str:
    return " ".join(f"{x!r},{y!r}" for x, y, *_ in points)


def _geometry(exported: ExportedSite) -> str:
    if exported.point is None:
        return ""
    parts = [f"<Point><coordinates>{exported.point.x!r},{exported.point.y!r}</coordinates></Point>"]
    if exported.footprint is not None:
        for polygon in exported.footprint:
            rings = [
                f"<outerBoundaryIs><LinearRing><coordinates>{_coordinates(polygon[0].coords)}"
                "</coordinates></LinearRing></outerBoundaryIs>",
                *(
                    f"<innerBoundaryIs><LinearRing><coordinates>{_coordinates(ring.coords)}"
                    "</coordinates></LinearRing></innerBoundaryIs>"
                    for ring in polygon[1:]
                ),
            ]
            parts.append(f"<Polygon>{''.join(rings)}</Polygon>")
    if len(parts) == 1:
        return parts[0]
    return f"<MultiGeometry>{''.join(parts)}</MultiGeometry>"


def _colour(rgb: str, alpha: str) -> str:
    """KML writes a colour as alpha, blue, green, red (aabbggrr); ``rgb`` as CSS does."""
    red, green, blue = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"{alpha}{blue}{green}{red}".lower()


def _style(symbol: Symbol) -> str:
    """A shared style (the symbol's label is in the Document's description): its icon, or the
    viewer's own marker tinted with its colour, for the point; its colour for the footprint's
    outline and, faintly, its fill."""
    if symbol.icon:
        icon = f"<Icon><href>{escape(symbol.icon)}</href></Icon>"
    else:
        icon = f"<color>{_colour(symbol.colour, 'ff')}</color>"
    return (
        f"<Style id={quoteattr(symbol.id)}>"
        f"<IconStyle><scale>1.2</scale>{icon}</IconStyle>"
        f"<LineStyle><color>{_colour(symbol.colour, 'ff')}</color><width>2</width></LineStyle>"
        f"<PolyStyle><color>{_colour(symbol.colour, '40')}</color></PolyStyle>"
        # No BalloonStyle: the viewer's own balloon shows every column of the site's data.
        "</Style>\n"
    )


def _text(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in BOOLEANS:
        return "1" if value else "0"
    return repr(value) if isinstance(value, float) else str(value)


class KmlExporter(Exporter):
    format: ClassVar[str] = "kml"
    extension: ClassVar[str] = "kml"
    media_type: ClassVar[str] = "application/vnd.google-earth.kml+xml"
    language: str = "en"

    def write(self, export: Export, path: Path, progress: Progress | None = None) -> int:
        total = export.count()
        columns = export.columns()
        written = 0
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document id="tutela-export">\n'
                f"<name>{escape(export.title())}</name>\n"
                f"<description>{escape(self._description(export))}</description>\n"
            )
            out.write("".join(_style(symbol) for symbol in export.symbols()))
            out.write('<Schema name="site" id="site">\n')
            for column in columns:
                kind = KML_TYPES.get(datatype(column), "string")
                out.write(f"<SimpleField name={quoteattr(column)} type={quoteattr(kind)}/>\n")
            out.write("</Schema>\n")
            for batch in export.batches():
                for exported in batch:
                    out.write(self._placemark(exported, export, columns))
                    written += 1
                if progress:
                    progress(written, total)
            out.write("</Document>\n</kml>\n")
        return written

    def _placemark(self, exported: ExportedSite, export: Export, columns: list[str]) -> str:
        row = export.row(exported)
        symbol = export.symbol(exported)
        style = f"<styleUrl>#{escape(symbol)}</styleUrl>" if symbol else ""
        data = "".join(
            f"<SimpleData name={quoteattr(column)}>"
            f"{escape(_text(column, row[column]))}</SimpleData>"
            for column in columns
            if row.get(column) not in (None, "")
        )
        return (
            f"<Placemark id={quoteattr(exported.site.ulid)}>"
            f"<name>{escape(display_name(exported, self.language))}</name>{style}"
            f'<ExtendedData><SchemaData schemaUrl="#site">{data}</SchemaData></ExtendedData>'
            f"{_geometry(exported)}</Placemark>\n"
        )

    @staticmethod
    def _description(export: Export) -> str:
        meta = export.metadata()
        view = export.view()
        lines = [
            f"Exported on {meta['exported_at']} by {view['reader']} ({view['view']} view).",
            view["note"],
        ]
        if meta["filter"]:
            lines.append(f"Filter: {meta['filter']}.")
        lines.extend(f"{symbol.id}: {symbol.label}" for symbol in export.symbols())
        lines.append("Sources:")
        for source in export.all_sources():
            licence = f", licence {source.licence}" if source.licence else ""
            attribution = f" — {source.attribution}" if source.attribution else ""
            lines.append(f"- {source.title}{licence}{attribution}")
        return "\n".join(lines)
