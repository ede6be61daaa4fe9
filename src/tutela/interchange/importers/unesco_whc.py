"""UNESCO's World Heritage List as UNESCO publishes it (whc-sites-<year>.csv), read without a
mapping file.

UNESCO reserves its rights to the list, so Tutela ships no copy: a person downloads it from
whc.unesco.org and imports their own file. The layout's columns (``id_no``, ``name_en``,
``name_fr`` …, ``date_inscribed``, ``category``, ``danger``, ``danger_list``, ``iso_code``,
``longitude``, ``latitude``, ``short_description_en``) become a built-in mapping: the
``unesco-whc`` identifier, names as designated in each language the file has, a World Heritage
designation with its inscription date, a List in Danger designation for each period
``danger_list`` gives (or, without that column, an undated one where ``danger`` is 1), the
coordinates, and the states' ISO codes as administrative codes. Tutela registers cultural
heritage, so natural sites are left out unless ``include_natural`` asks for them; the report
says how many.
"""

from __future__ import annotations

import html
import re
from collections.abc import Container, Iterator
from typing import ClassVar

from django.utils.html import strip_tags

from tutela.interchange.importers.csv_file import CsvImporter
from tutela.interchange.mapping import DesignationColumn, IdentifierColumn, Mapping, NameColumn
from tutela.interchange.records import WARNING, Problem, Row, UnreadableFile, Where

# The six official languages of UNESCO's list, as the layout names its columns.
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
REQUIRED = ("id_no", "name_en", "longitude", "latitude")
ORIGIN = "UNESCO World Heritage List layout"
WHOLE_NUMBER = re.compile(r"(\d+)\.0*")  # a spreadsheet's 710.0 is UNESCO's 710
# danger_list, as UNESCO's files of 2019 and 2021 write it: "Y 2003" (in danger since 2003),
# "P 1997-2005" (in danger from 1997 to 2005), several separated by a space: "Y 1996 P 1984-1992",
# "P 1984-1988 P 2000-2006". A comma or semicolon between periods, and an en dash, are read too.
DANGER_PERIOD = re.compile(
    r"(?P<kind>[YP]) ?(?P<start>\d{4})(?: ?[-–] ?(?P<end>\d{4}))?(?!\d)", re.IGNORECASE
)
BETWEEN_PERIODS = re.compile(r"[ ,;]+")
DANGER_LIST_FORMS = (
    'UNESCO writes "Y 2003" (in danger since 2003) and "P 1997-2005" (in danger from 1997 '
    'to 2005), several separated by spaces ("Y 2011 P 1996-2007")'
)


def read_danger_list(text: str) -> list[tuple[str, str]]:
    """The periods of a ``danger_list`` cell as (start year, end year) in the order they began,
    the end "" for the current ("Y") one; ValueError saying what it cannot read."""
    text = " ".join(text.split())
    periods: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if between := BETWEEN_PERIODS.match(text, position):
            position = between.end()
            continue
        found = DANGER_PERIOD.match(text, position)
        if found is None:
            unread = f'"{text[position:]}"' + (f' (of "{text}")' if position else "")
            raise ValueError(
                f"cannot read {unread} as periods on the List in Danger. {DANGER_LIST_FORMS}."
            )
        start, end = found["start"], found["end"] or ""
        if found["kind"].upper() == "Y" and end:
            problem = "is the current period (Y) but has an end year; a past period is P"
        elif found["kind"].upper() == "P" and not end:
            problem = "is a past period (P) without its end year"
        elif end and end < start:
            problem = "ends before it begins"
        elif not end and any(not other_end for _, other_end in periods):
            problem = "is a second current period (Y)"
        else:
            periods.append((start, end))
            position = found.end()
            continue
        raise ValueError(f'"{found.group(0)}" in "{text}" {problem}. {DANGER_LIST_FORMS}.')
    return sorted(periods)


class UnescoWhcImporter(CsvImporter):
    format: ClassVar[str] = "unesco-whc"
    natural: int = 0  # natural sites left out by the last rows()

    def check(self) -> None:
        with self.path.open("rb") as handle:
            start = handle.read(4)
        # UNESCO also publishes the list as .xls/.xlsx (an OLE2 or a zip container).
        if start in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"):
            raise UnreadableFile(
                self.where(),
                "it is a spreadsheet (.xls or .xlsx), not CSV text. Open it (LibreOffice, "
                "Excel) and save it as CSV, UTF-8, then import that file.",
            )
        super().check()
        columns = self.columns()
        missing = [column for column in REQUIRED if column not in columns]
        if missing:
            raise UnreadableFile(
                self.where(1, missing[0]),
                f"the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} missing, so this is not UNESCO's World "
                "Heritage List layout (whc-sites-<year>.csv: id_no, name_en, name_fr, "
                "date_inscribed, category, danger, iso_code, longitude, latitude …). Its "
                f"columns are: {', '.join(columns[:40])}. Import another layout with "
                "--format csv and a mapping file.",
            )

    def source_defaults(self) -> dict[str, str]:
        return {
            "kind": "register",
            "author": "UNESCO World Heritage Centre",
            "url": "https://whc.unesco.org/en/list/",
            "attribution": "UNESCO World Heritage Centre",
            "note": "UNESCO reserves its rights to the list; imported from a user's own copy.",
        }

    def builtin_mapping(self) -> Mapping:
        return layout_mapping(set(self.columns()))

    def rows(self) -> Iterator[Row]:
        self.natural = 0
        for row in super().rows():
            values = row.values
            category = values.get("category", "").strip().casefold()
            if category == "natural" and not self.options.include_natural:
                self.natural += 1
                continue
            for column in ("id_no", "danger"):
                number = WHOLE_NUMBER.fullmatch(values.get(column, ""))
                if number:
                    values[column] = number.group(1)
            for language in LANGUAGES:
                column = f"name_{language}"
                if values.get(column):
                    values[column] = html.unescape(values[column]).strip()
            if values.get("iso_code"):
                # "az,ir" for a transboundary property -> "AZ;IR"
                codes = re.split(r"[,;\s]+", values["iso_code"])
                values["iso_code"] = ";".join(code.upper() for code in codes if code)
            if values.get("short_description_en"):
                # UNESCO's descriptions are HTML fragments; a site's description is text.
                text = html.unescape(strip_tags(values["short_description_en"]))
                values["short_description_en"] = " ".join(text.split())
            yield row

    def notes(self) -> list[Problem]:
        if not self.natural:
            return []
        return [
            Problem(
                Where(self.name),
                f"{self.natural} natural site{'s' if self.natural != 1 else ''} (category "
                f"Natural) {'were' if self.natural != 1 else 'was'} not imported: Tutela "
                "imports the cultural and mixed sites of the list by default. Give "
                "--include-natural to import them too.",
                WARNING,
            )
        ]


def layout_mapping(columns: Container[str]) -> Mapping:
    """The mapping of UNESCO's layout, for a file of these columns (the optional ones read
    only when present); the import page lists what it reads with every column present."""
    fields = {
        "admin_codes": "iso_code",
        "admin_area": "states_name_en",
        "description": "short_description_en",
    }
    mapping = Mapping(
        origin=ORIGIN,
        identifiers=[IdentifierColumn("unesco-whc", "id_no")],
        names=[
            NameColumn(f"name_{language}", language=language, name_type="designation")
            for language in LANGUAGES
            if f"name_{language}" in columns
        ],
        designations=[
            DesignationColumn(
                "world-heritage",
                "id_no",
                "date_inscribed" if "date_inscribed" in columns else "",
            )
        ],
        lon="longitude",
        lat="latitude",
        fields={name: column for name, column in fields.items() if column in columns},
    )
    # The List in Danger is a designation scheme of its own, one designation a period.
    if "danger_list" in columns:
        mapping.designations.append(
            DesignationColumn(
                "world-heritage-in-danger",
                "id_no",
                when="danger" if "danger" in columns else "",
                periods="danger_list",
                read_periods=read_danger_list,
            )
        )
    elif "danger" in columns:
        # Without danger_list the file does not say since when: left for an editor.
        mapping.designations.append(
            DesignationColumn("world-heritage-in-danger", "id_no", when="danger")
        )
    return mapping
