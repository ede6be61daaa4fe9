"""Exports carry each site's current condition — the common damage level, and per scheme the
value, its date and review status — and how many incidents it has, as the reader sees them.

The expected figures are computed here from the records themselves, not through the queries
the exporter uses (monitoring/queries.py): a site's current value in a scheme is that scheme's
value in its latest verified assessment the reader may see that records one; its damage level
is the worst level of the values of its latest verified assessment the reader may see; its
incidents are those the reader may see. Anonymous readers see public records only (of public
and restricted sites), an administrator every record (docs/access.md).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_site
from tests.monitoring.factories import file_assessment, report_incident, value
from tests.site_filter import conftest as site_filter
from tutela.interchange.actions import do_export_sites
from tutela.interchange.exporters import Export, exporter_for
from tutela.monitoring.models import Assessment, ConditionScheme, Incident
from tutela.registry.models import Site
from tutela.site_filter import SiteFilter

pytestmark = pytest.mark.django_db
# The site filter's sample (tests/site_filter/conftest.py), whose conftest does not apply here.
sample = site_filter.sample

EVERY_LEVEL = {"public", "registered", "restricted", "confidential"}
SITE_LEVELS = {"anonymous": {"public", "restricted"}, "admin": EVERY_LEVEL}
RECORD_LEVELS = {"anonymous": {"public"}, "admin": EVERY_LEVEL}
WORDS = {0: "none", 1: "minor", 2: "moderate", 3: "severe", 4: "destroyed"}
FORMATS = ["csv", "geojson", "gpkg"]


def expected_rows(reader_name: str) -> dict[str, dict[str, Any]]:
    """Site ulid -> the monitoring columns its row must have (absent: no current value)."""
    levels = RECORD_LEVELS[reader_name]
    rows: dict[str, dict[str, Any]] = {}
    for site in Site.objects.filter(access_level__in=SITE_LEVELS[reader_name]):
        seen = sorted(
            (
                a
                for a in Assessment.objects.filter(site=site)
                if a.status == "verified" and a.deleted_at is None and a.access_level in levels
            ),
            key=lambda a: (a.observed_on, a.submitted_at, a.id),
            reverse=True,
        )
        row: dict[str, Any] = {"condition": None}
        if seen:
            known = [
                v.value.damage_level
                for v in seen[0].values.all()
                if v.value.damage_level is not None
            ]
            row["condition"] = WORDS[max(known)] if known else None
        for assessment in seen:
            for recorded in assessment.values.all():
                column = f"condition:{recorded.scheme.code}"
                if column not in row:
                    row[column] = recorded.value.code
                    row[f"{column}:date"] = assessment.observed_on.isoformat()
                    row[f"{column}:status"] = assessment.status
        row["incidents"] = sum(
            1
            for incident in Incident.objects.filter(sites=site)
            if incident.deleted_at is None and incident.access_level in levels
        )
        rows[site.ulid] = row
    return rows


def expected_block(rows: dict[str, dict[str, Any]]) -> list[str]:
    """The monitoring columns of the layout: the schemes some row has a value in, in order."""
    used = {column.split(":")[1] for row in rows.values() for column in row if ":" in column}
    schemes = [
        scheme.code
        for scheme in ConditionScheme.objects.order_by("sort_order", "code")
        if scheme.code in used
    ]
    block = ["condition"]
    for scheme in schemes:
        block += [f"condition:{scheme}", f"condition:{scheme}:date", f"condition:{scheme}:status"]
    return [*block, "incidents"]


def monitoring(row: dict[str, Any]) -> dict[str, Any]:
    """The monitoring columns of one row as read from a file, empty scheme cells dropped."""
    found = {"condition": row["condition"] or None, "incidents": row["incidents"]}
    found.update(
        {
            column: cell
            for column, cell in row.items()
            if column.startswith("condition:") and cell not in (None, "")
        }
    )
    return found


def read_back(path: Path, format: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The file's columns and each site's monitoring columns, read as a user's tool would."""
    if format == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
        for row in rows:
            row["incidents"] = int(row["incidents"])
        return columns, {row["ulid"]: monitoring(row) for row in rows}
    if format == "geojson":
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        columns = list(features[0]["properties"]) if features else []
        return columns, {f["id"]: monitoring(f["properties"]) for f in features}
    database = sqlite3.connect(path)
    database.row_factory = sqlite3.Row
    try:
        records = [dict(record) for record in database.execute("SELECT * FROM sites")]
        declared = {column[1]: column[2] for column in database.execute("PRAGMA table_info(sites)")}
    finally:
        database.close()
    # GIS tools filter by date and count: a DATE and an integer field (GeoPackage's 32-bit
    # MEDIUMINT, GDAL's Integer), not text.
    assert declared["incidents"] == "MEDIUMINT"
    assert all(kind == "DATE" for name, kind in declared.items() if name.endswith(":date"))
    return list(declared), {record["ulid"]: monitoring(record) for record in records}


@pytest.mark.parametrize("reader_name", ["anonymous", "admin"])
def test_it_carries_the_current_condition_and_incidents_the_reader_may_see(
    reader_name, sample, people, tmp_path
):
    reader = AnonymousUser() if reader_name == "anonymous" else people[reader_name]
    expected = expected_rows(reader_name)
    # The sample makes the readers differ: the restricted site's newer restricted assessment
    # (destroyed) and its restricted incident, and the confidential site, are the admin's alone.
    hidden = expected[sample["hidden"].ulid]
    if reader_name == "anonymous":
        assert hidden["condition:eamena-condition"] == "eamena-condition:fair"
        assert hidden["incidents"] == 0 and sample["relic"].ulid not in expected
    else:
        assert hidden["condition:eamena-condition"] == "eamena-condition:destroyed"
        assert hidden["incidents"] == 1 and sample["relic"].ulid in expected
    # Juma: a current value in two schemes from two assessments; Plain: never assessed.
    assert {"condition:eamena-condition", "condition:unosat-damage"} <= set(
        expected[sample["juma"].ulid]
    )
    assert expected[sample["plain"].ulid] == {"condition": None, "incidents": 0}
    for format in FORMATS:
        path = tmp_path / f"sites.{format}"
        do_export_sites(reader, format, SiteFilter(), path)
        columns, rows = read_back(path, format)
        assert rows == expected, format
        if format != "geojson":  # GeoJSON properties have no fixed layout: a site's own keys
            start = columns.index("condition")
            assert columns[start - 1] == "attribution", format
            assert columns[start : columns.index("incidents") + 1] == expected_block(expected)


def test_the_columns_are_the_schemes_of_the_selected_sites(sample, people, tmp_path):
    path = tmp_path / "gelati.csv"
    do_export_sites(people["admin"], "csv", SiteFilter(name="Gelati"), path)
    columns, rows = read_back(path, "csv")
    assert [column for column in columns if column.startswith("condition")] == [
        "condition",
        "condition:eamena-condition",
        "condition:eamena-condition:date",
        "condition:eamena-condition:status",
    ]
    [gelati] = rows.values()
    assert gelati["condition:eamena-condition:status"] == "verified"


def test_its_queries_grow_with_batches_not_sites(sample, people, tmp_path):
    def queries() -> int:
        export = Export(people["admin"], SiteFilter(), "csv")
        with CaptureQueriesContext(connection) as captured:
            exporter_for("csv").write(export, tmp_path / "sites.csv")
        return len(captured)

    before = queries()
    for index in range(4):
        site = make_site([(f"Assessed {index}", "en")], 43.1 + index / 10, 42.1)
        site_filter.verified(
            file_assessment(
                site,
                people["assessor"],
                values=[value("eamena-condition", "poor"), value("unosat-damage", "destroyed")],
            )
        )
        report_incident([site], people["assessor"])
    assert queries() == before
