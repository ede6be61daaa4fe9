"""Schemathesis against a live server: no 5xx, and every answer as the OpenAPI document says.

Runs the schemathesis command line over /api/v1/openapi.json, anonymously and with an editor's
token (so writes are fuzzed too, against the throwaway test database), with a bounded number of
examples per operation. TUTELA_FUZZ_EXAMPLES, TUTELA_FUZZ_SEED and TUTELA_FUZZ_PHASES change
the budget, the seed and the phases (e.g. "examples,coverage,fuzzing,stateful" for a long run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.monitoring.factories import claim, file_assessment, photo_upload, report_incident
from tutela.api.tokens import issue_token
from tutela.monitoring import seed as monitoring_seed
from tutela.monitoring.actions import do_review

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
SCHEMATHESIS = Path(sys.executable).with_name("st")


# Codes of the seeded vocabularies and a few languages: generated strings are these some of the
# time, so that fuzzed writes get past the vocabulary look-ups into the models' validation.
# fmt: off
CODES = [
    "church", "mosque", "monastery", "christianity", "islam", "georgian-orthodox", "sunni",
    "high-medieval", "exact", "within-1km", "wikidata", "osm", "Q42", "node/1", "local",
    "official", "alternative", "en", "ka", "hy", "az", "und", "field-visit",
    "satellite-imagery", "eamena-condition", "poor", "eamena-condition:poor", "unosat-damage",
    "destroyed", "armed-conflict", "shelling", "collapse", "looting", "high", "urgent",
    "2024-05", "c. 1200", "12th century", "under-review", "verified", "44,41,45,42",
]
# fmt: on


def some_records(people, site_factory, sites_at_every_level) -> dict[str, list]:
    """Real records, so that fuzzed ids and filters meet something; their ids by kind."""
    found: dict[str, list] = {"sites": [], "evidence": [], "records": []}
    for site in sites_at_every_level.values():
        assessment = file_assessment(site, people["assessor"], uploads=[photo_upload()])
        do_review(assessment, "under-review", by=people["reviewer"])
        do_review(assessment, "verified", by=people["reviewer"])
        incident = report_incident([site], people["assessor"], claim=claim())
        found["sites"].append(site.ulid)
        found["evidence"].extend(item.ulid for item in assessment.evidence.all())
        found["records"] += [assessment.pk, incident.pk, incident.claims.get().pk]
    site = site_factory([("Gəncəsər", "az"), ("Գանձասար", "hy")])
    found["sites"].append(site.ulid)
    found["records"] += list(site.names.values_list("pk", flat=True))
    return found


def config(records: dict[str, list]) -> str:
    """A schemathesis.toml that mixes these ids and codes into what it generates."""

    def values(items: list) -> str:
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return f"""
[dictionaries.sites]
values = {values(records["sites"])}
[dictionaries.evidence]
values = {values(records["evidence"])}
[dictionaries.records]
values = {values(records["records"])}
[dictionaries.codes]
values = {values(CODES)}

[generation.dictionaries]
string = {{ dictionary = "codes", probability = 0.3 }}
integer = {{ dictionary = "records", probability = 0.5 }}

[parameters]
"query.site" = {{ dictionary = "sites", probability = 0.5 }}
"body.site" = {{ dictionary = "sites", probability = 0.7 }}
"body.sites[*]" = {{ dictionary = "sites", probability = 0.7 }}

[[operations]]
include-path-regex = "^/api/v1/sites/"
parameters = {{ "path.ulid" = {{ dictionary = "sites", probability = 0.7 }} }}

[[operations]]
include-path-regex = "^/api/v1/evidence/"
parameters = {{ "path.ulid" = {{ dictionary = "evidence", probability = 0.7 }} }}
"""


def fuzz(
    base: str, tmp_path: Path, records: dict, phases: str, *headers: str
) -> subprocess.CompletedProcess:
    settings_file = tmp_path / "schemathesis.toml"
    settings_file.write_text(config(records))
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(settings_file),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("TUTELA_FUZZ_EXAMPLES", "20"),
        "--seed",
        os.environ.get("TUTELA_FUZZ_SEED", "20261129"),
        "--phases",
        phases,
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--suppress-health-check",
        "all",
        "--max-failures",
        "5",
        "--report-dir",
        str(tmp_path),
    ]
    for header in headers:
        command += ["--header", header]
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=environment, cwd=tmp_path
    )


@pytest.fixture
def prompt_live_server(monkeypatch) -> None:
    """Django's development server writes headers and body in separate sends; with Nagle's
    algorithm and delayed ACKs each answer then waits 40 ms, which would make fuzzing ten
    times slower than the API is."""
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)


@pytest.fixture
def monitoring_vocabularies(live_server) -> None:
    """A live server's test empties the database afterwards, and tests/conftest.py reseeds
    only the registry's vocabularies. The monitoring seed runs on the models as its migration
    sees them (scheme value codes such as "eamena-condition:poor" are not slugs, so the
    validating models would refuse them)."""
    state = MigrationLoader(connection, ignore_no_migrations=True).project_state()
    monitoring_seed.load(state.apps, None)


# Reads are fuzzed in both runs; the editor's also covers every parameter's boundary values
# (the coverage phase) and reaches the writes past authentication.
@pytest.mark.parametrize(
    ("who", "phases"), [("anonymous", "examples,fuzzing"), ("editor", "examples,coverage,fuzzing")]
)
def test_fuzzing_finds_no_server_error_and_no_answer_off_the_schema(
    live_server,
    prompt_live_server,
    monitoring_vocabularies,
    people,
    site_factory,
    sites_at_every_level,
    tmp_path,
    who,
    phases,
):
    records = some_records(people, site_factory, sites_at_every_level)
    headers = []
    if who == "editor":
        headers.append(f"Authorization: Bearer {issue_token(people['editor'], 'fuzzing')}")
    base = live_server.url.replace("localhost", "127.0.0.1")
    result = fuzz(base, tmp_path, records, os.environ.get("TUTELA_FUZZ_PHASES", phases), *headers)
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "generated" in result.stdout and " 0 failed" not in result.stdout, report
