"""Importing KoboToolbox / ODK submissions of Tutela's field form as assessments to review.

The exports are written here as the services write them, with headers taken from the form
Tutela generates (group path + field name), so these tests are round trips through the form.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.monitoring.factories import stored_files
from tutela.cli import main
from tutela.evidence.models import CustodyEvent, Evidence
from tutela.history.models import AuditEntry, Version
from tutela.interchange.field_form import REPEATS, build_field_form
from tutela.interchange.field_import import do_import_assessments
from tutela.interchange.report import RefusedImport
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import (
    Assessment,
    AssessmentValue,
    Disturbance,
    Recommendation,
    ReviewStatus,
    Threat,
)

pytestmark = pytest.mark.django_db

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def form_paths() -> dict[str, tuple[str, str | None]]:
    """Each question's name → (its group path as KoboToolbox writes it, its repeat or None)."""
    paths, stack = {}, []
    for row in build_field_form().survey[1:]:
        kind, name = row[0], row[1]
        if kind in ("begin_group", "begin_repeat"):
            stack.append(name)
        elif kind in ("end_group", "end_repeat"):
            stack.pop()
        else:
            repeat = next((group for group in stack if group in REPEATS), None)
            paths[name] = ("/".join([*stack, name]), repeat)
    return paths


def submission(site, uuid: str, **changes) -> dict:
    """A submission as the form collects it: fields, repeats (lists of rows), metadata."""
    answers = {
        "site_code": site.code,
        "location": "41.8426 44.7168 512 4.5",
        "observed_on": YESTERDAY,
        "observed_precision": "day",
        "method": "field-visit",
        "assessor_name": "N. Beridze",
        "eamena_condition": "poor",
        "unosat_damage": "moderately-damaged",
        "summary": "The west wall has a new crack; the roof is intact.",
        "acquired_from": "The church warden",
        "acquired_from_contact": "+995 555 000 000",
        "consent_note": "The warden agreed to photographs.",
        "disturbances": [
            {
                "disturbance_category": "armed-conflict",
                "disturbance_cause": "shelling",
                "cause_certainty": "high",
                "disturbance_effect": "structural-cracking",
                "effect_certainty": "definite",
            }
        ],
        "threats": [{"threat_type": "looting", "threat_probability": "medium"}],
        "recommendations": [
            {"recommendation": "Prop the west wall.", "recommendation_priority": "urgent"}
        ],
        "photos": [
            {"photo": f"{uuid[-4:]}-west.jpg", "photo_caption": "West wall"},
            {"photo": f"{uuid[-4:]}-roof.jpg", "photo_caption": "Roof"},
        ],
    }
    answers.update(changes)
    answers["_uuid"] = uuid
    answers["_submitted_by"] = "kobo_assessor"
    return answers


def write_photos(folder: Path, submissions: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    for answers in submissions:
        for row in answers["photos"]:
            (folder / row["photo"]).write_bytes(example_photo(row["photo"], 44.7168, 41.8426))
    return folder


def kobo_csv(path: Path, submissions: list[dict], delimiter: str = ";") -> Path:
    """KoboToolbox's CSV: group paths joined by "/", repeats flattened as name[n]/field."""
    paths = form_paths()
    header = [p for name, (p, repeat) in paths.items() if repeat is None]
    header += ["meta/instanceID", "_uuid", "_submitted_by"]
    rows = []
    for answers in submissions:
        row = {paths[k][0]: v for k, v in answers.items() if k in paths and not isinstance(v, list)}
        row["meta/instanceID"] = f"uuid:{answers['_uuid']}"
        row["_uuid"], row["_submitted_by"] = answers["_uuid"], answers["_submitted_by"]
        for repeat in REPEATS:
            for index, entry in enumerate(answers.get(repeat, []), start=1):
                for name, value in entry.items():
                    column = paths[name][0].replace(f"{repeat}/", f"{repeat}[{index}]/", 1)
                    if column not in header:
                        header.append(column)
                    row[column] = value
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def kobo_json(path: Path, submissions: list[dict]) -> Path:
    """KoboToolbox API v2: full paths as keys, repeats as lists of objects."""
    paths = form_paths()
    results = []
    for answers in submissions:
        item = {}
        for key, value in answers.items():
            if isinstance(value, list):
                item[key] = [{paths[n][0]: v for n, v in entry.items()} for entry in value]
            else:
                item[paths[key][0] if key in paths else key] = value
        item["meta/instanceID"] = f"uuid:{answers['_uuid']}"
        results.append(item)
    path.write_text(json.dumps({"count": len(results), "results": results}), encoding="utf-8")
    return path


def central_zip(path: Path, submissions: list[dict], photos: Path) -> Path:
    """ODK Central's CSV zip: "-" joined headers, a CSV per repeat, photos under media/."""
    paths = form_paths()
    with zipfile.ZipFile(path, "w") as archive:
        main_rows, repeat_rows = [], {name: [] for name in REPEATS}
        for answers in submissions:
            key = f"uuid:{answers['_uuid']}"
            row = {"SubmitterName": answers["_submitted_by"], "KEY": key}
            for name, value in answers.items():
                if name == "location":
                    lat, lon, alt, acc = value.split()
                    for part, number in zip(
                        ("Latitude", "Longitude", "Altitude", "Accuracy"),
                        (lat, lon, alt, acc),
                        strict=True,
                    ):
                        row[f"site-location-{part}"] = number
                elif name in paths and not isinstance(value, list):
                    row[paths[name][0].replace("/", "-")] = value
            main_rows.append(row)
            for repeat in REPEATS:
                for index, entry in enumerate(answers.get(repeat, []), start=1):
                    repeat_rows[repeat].append(
                        {
                            **{paths[n][0].replace("/", "-"): v for n, v in entry.items()},
                            "PARENT_KEY": key,
                            "KEY": f"{key}/{repeat}[{index}]",
                        }
                    )
        tables = {"tutela_condition_assessment.csv": main_rows}
        for repeat, rows in repeat_rows.items():
            if rows:
                tables[f"tutela_condition_assessment-{repeat}.csv"] = rows
        for name, rows in tables.items():
            header = list(dict.fromkeys(column for row in rows for column in row))
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(name, buffer.getvalue())
        for photo in sorted(photos.iterdir()):
            archive.write(photo, f"media/{photo.name}")
    return path


def monitoring_state() -> dict[str, int]:
    return {
        "assessments": Assessment.objects.count(),
        "values": AssessmentValue.objects.count(),
        "disturbances": Disturbance.objects.count(),
        "threats": Threat.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "evidence": Evidence.objects.count(),
        "custody": CustodyEvent.objects.count(),
        "versions": Version.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }


@pytest.fixture
def site(site_factory):
    return site_factory([("სვეტიცხოველი", "ka")])


@pytest.fixture
def two(site, tmp_path):
    submissions = [
        submission(site, "5f1c6a52-0d1e-4c5e-9d1a-000000000001"),
        submission(
            site,
            "5f1c6a52-0d1e-4c5e-9d1a-000000000002",
            site_code=site.ulid,
            eamena_condition="destroyed",
            disturbances=[],
            threats=[],
            recommendations=[],
        ),
    ]
    write_photos(tmp_path / "media", submissions)
    return submissions


def test_it_files_each_submission_as_a_reported_assessment_with_its_photos(
    site, two, people, tmp_path
):
    export = kobo_csv(tmp_path / "export.csv", two)
    report = do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    assert (report.submissions, report.created, report.photos) == (2, 2, 4), report.problems
    first = Assessment.objects.get(external_reference="uuid:5f1c6a52-0d1e-4c5e-9d1a-000000000001")
    assert first.status == ReviewStatus.REPORTED and first.site == site
    assert first.submitted_by == people["assessor"] and first.method.code == "field-visit"
    assert first.observed_on.isoformat() == YESTERDAY and first.assessor_name == "N. Beridze"
    assert (first.observed_from.x, first.observed_from.y) == (44.7168, 41.8426)
    assert sorted(v.value.code for v in first.values.all()) == [
        "eamena-condition:poor",
        "unosat-damage:moderately-damaged",
    ]
    disturbance = first.disturbances.get()
    assert (disturbance.cause.code, disturbance.cause_certainty) == ("shelling", "high")
    assert (disturbance.effect.code, disturbance.effect_certainty) == (
        "structural-cracking",
        "definite",
    )
    assert [(t.threat_type.code, t.probability) for t in first.threats.all()] == [
        ("looting", "medium")
    ]
    assert first.recommendations.get().priority == "urgent"
    photos = sorted(first.evidence.all(), key=lambda e: e.original_name)
    assert [(e.original_name, e.title) for e in photos] == [
        ("0001-roof.jpg", "Roof"),
        ("0001-west.jpg", "West wall"),
    ]
    assert {e.acquisition_method for e in photos} == {"field-form"}
    assert {(e.acquired_from, e.acquired_from_contact) for e in photos} == {
        ("The church warden", "+995 555 000 000")
    }
    assert photos[0].description == "The warden agreed to photographs."
    second = Assessment.objects.get(external_reference__endswith="000000000002")
    assert (
        second.site == site
        and second.values.get(scheme__code="eamena-condition").value.code
        == "eamena-condition:destroyed"
    )


def test_it_records_the_import_in_history(two, people, tmp_path):
    export = kobo_csv(tmp_path / "export.csv", two)
    report = do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    entry = AuditEntry.objects.filter(action="import").get()
    assert entry.actor == people["assessor"]
    assert entry.detail["kind"] == "assessments"
    assert entry.detail["sha256"]["export.csv"] == report.sha256["export.csv"]
    assert sorted(entry.detail["assessments"]) == sorted(report.assessments)
    version = Version.objects.filter(content_type__model="assessment").first()
    assert version.actor == people["assessor"] and version.reason.startswith("imported from")


def test_it_skips_submissions_already_imported(two, people, tmp_path):
    export = kobo_csv(tmp_path / "export.csv", two)
    do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    before = monitoring_state()
    files = stored_files(tmp_path / "evidence")
    # The same submissions again, now exported as JSON: recognised by their instanceID.
    again = do_import_assessments(
        kobo_json(tmp_path / "export.json", two), by=people["assessor"], media=tmp_path / "media"
    )
    assert (again.created, again.unchanged) == (0, 2)
    after = monitoring_state()
    assert after.pop("audit entries") == before.pop("audit entries") + 1  # the import's own
    assert after == before and stored_files(tmp_path / "evidence") == files


def test_it_refuses_the_whole_export_naming_every_problem(site, two, people, tmp_path):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()  # still future past midnight
    bad = [
        *two,
        submission(site, "5f1c6a52-0d1e-4c5e-9d1a-000000000003", site_code="TUT-NOSUCH"),
        submission(site, "5f1c6a52-0d1e-4c5e-9d1a-000000000004", eamena_condition="ruined"),
        submission(site, "5f1c6a52-0d1e-4c5e-9d1a-000000000005", observed_on=tomorrow),
        submission(site, "5f1c6a52-0d1e-4c5e-9d1a-000000000006"),
    ]
    write_photos(tmp_path / "media", bad[2:5])  # the sixth submission's photos are missing
    export = kobo_csv(tmp_path / "export.csv", bad, delimiter=",")
    before, files = monitoring_state(), stored_files(tmp_path / "evidence")
    with pytest.raises(RefusedImport) as refused:
        do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    problems = [str(problem) for problem in refused.value.report.errors]
    assert problems[0].startswith(
        'export.csv, submission 3, site_code: no site has the code or id "TUT-NOSUCH"'
    )
    assert problems[1].startswith(
        "export.csv, submission 4, eamena_condition: unknown EAMENA overall condition value "
        '"ruined". The form\'s choices are: destroyed, fair, good, poor, unknown, very-bad.'
    )
    assert problems[2] == (
        f"export.csv, submission 5, observed_on: {tomorrow} is in the future; give the date "
        "of the observation."
    )
    assert problems[3].startswith(
        'export.csv, submission 6, photos[1]/photo: the photo "0006-west.jpg" is not in the folder'
    )
    assert len(problems) == 5  # and the sixth submission's second photo
    assert monitoring_state() == before and stored_files(tmp_path / "evidence") == files


def test_it_removes_the_photos_already_stored_when_a_later_submission_is_refused(
    site, two, people, tmp_path
):
    # The second submission's photo is not an image: refused while filing, after the first
    # submission's photos were stored. Nothing stays, in the database or the store.
    (tmp_path / "media" / "0002-roof.jpg").write_text("not a photo")
    two[1]["photos"] = [{"photo": "0002-roof.jpg", "photo_caption": ""}]
    two[0]["photos"] = two[0]["photos"][:1]
    export = kobo_csv(tmp_path / "export.csv", two)
    before = monitoring_state()
    with pytest.raises(RefusedImport) as refused:
        do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    assert str(refused.value.report.errors[0]).startswith("export.csv, submission 2")
    assert monitoring_state() == before
    assert stored_files(tmp_path / "evidence") == []


def test_a_dry_run_reports_what_it_would_file_and_changes_nothing(two, people, tmp_path):
    export = kobo_csv(tmp_path / "export.csv", two)
    before = monitoring_state()
    report = do_import_assessments(
        export, by=people["assessor"], media=tmp_path / "media", dry_run=True
    )
    assert report.ok and (report.created, report.photos) == (2, 4)
    assert report.summary().endswith("Dry run: nothing was changed.")
    assert monitoring_state() == before and stored_files(tmp_path / "evidence") == []


def test_it_reads_kobo_json_with_repeats_as_lists(two, people, tmp_path):
    export = kobo_json(tmp_path / "data.json", two)
    report = do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    assert (report.format, report.created, report.photos) == ("json", 2, 4)
    assert Disturbance.objects.get().cause.code == "shelling"


def test_it_reads_odk_central_csv_zip_with_its_media(two, people, tmp_path):
    export = central_zip(tmp_path / "central.csv.zip", two, tmp_path / "media")
    (tmp_path / "media").rename(tmp_path / "elsewhere")  # the photos come from the zip
    report = do_import_assessments(export, by=people["assessor"])
    assert (report.format, report.created, report.photos) == ("odk-central-zip", 2, 4)
    first = Assessment.objects.get(external_reference__endswith="000000000001")
    assert first.submitted_by == people["assessor"]
    assert (first.observed_from.x, first.observed_from.y) == (44.7168, 41.8426)
    assert first.threats.get().threat_type.code == "looting"


def test_it_reads_odata_json_with_nested_groups(two, people, tmp_path):
    items = []
    for answers in two:
        lat, lon, alt, _accuracy = (float(part) for part in answers["location"].split())
        items.append(
            {
                "__id": f"uuid:{answers['_uuid']}",
                "site": {
                    "site_code": answers["site_code"],
                    "location": {"type": "Point", "coordinates": [lon, lat, alt]},
                },
                "observation": {
                    key: answers[key]
                    for key in ("observed_on", "observed_precision", "method", "assessor_name")
                },
                "condition": {"eamena_condition": answers["eamena_condition"]},
                **{repeat: answers[repeat] for repeat in REPEATS},
                "__system": {"submitterName": "kobo_assessor"},
            }
        )
    export = tmp_path / "Submissions.json"
    export.write_text(json.dumps({"value": items}), encoding="utf-8")
    report = do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    assert report.ok and report.created == 2, report.problems
    assert Assessment.objects.get(external_reference__endswith="01").observed_from.y == 41.8426


def test_the_command_imports_with_a_progress_bar_and_says_what_it_did(
    two, people, tmp_path, capsys
):
    export = kobo_csv(tmp_path / "export.csv", two)
    media = str(tmp_path / "media")
    command = ["import-assessments", str(export), "--media", media, "--user", "assessor"]
    with pytest.raises(SystemExit) as exit_status:
        main([*command, "--dry-run"])
    assert exit_status.value.code == 0 and Assessment.objects.count() == 0
    with pytest.raises(SystemExit) as exit_status:
        main(command)
    assert exit_status.value.code == 0 and Assessment.objects.count() == 2
    assert (
        "filed 2 assessments (reported, awaiting review) with 4 photos" in capsys.readouterr().err
    )


def test_it_reads_kobo_xlsx_with_a_sheet_per_repeat(two, people, tmp_path):
    from openpyxl import Workbook

    paths = form_paths()
    book = Workbook()
    main_sheet = book.active
    main_sheet.title = "Tutela condition assessment"
    header = [p for _name, (p, repeat) in paths.items() if repeat is None]
    main_sheet.append([*header, "meta/instanceID", "_index"])
    repeats = {name: book.create_sheet(name) for name in REPEATS}
    for sheet_name, sheet in repeats.items():
        fields = [p for _n, (p, repeat) in paths.items() if repeat == sheet_name]
        sheet.append([*fields, "_parent_index", "_parent_table_name"])
    for index, answers in enumerate(two, start=1):
        by_path = {paths[k][0]: v for k, v in answers.items() if k in paths}
        main_sheet.append([*(by_path.get(p, "") for p in header), answers["_uuid"], index])
        for name, sheet in repeats.items():
            fields = [n for n, (_p, repeat) in paths.items() if repeat == name]
            for entry in answers[name]:
                sheet.append([*(entry.get(f, "") for f in fields), index, main_sheet.title])
    export = tmp_path / "export.xlsx"
    book.save(export)
    report = do_import_assessments(export, by=people["assessor"], media=tmp_path / "media")
    assert (report.format, report.created, report.photos) == ("xlsx", 2, 4), report.problems
    assert Recommendation.objects.get().text == "Prop the west wall."


def test_it_refuses_a_cause_of_another_category_and_a_threat_without_its_type(
    site, two, people, tmp_path
):
    two[0]["disturbances"][0]["disturbance_category"] = "neglect"
    two[1]["threats"] = [{"threat_type": "", "threat_probability": "high"}]
    export = kobo_json(tmp_path / "data.json", two)
    report = do_import_assessments(
        export, by=people["assessor"], media=tmp_path / "media", dry_run=True
    )
    problems = [str(problem) for problem in report.errors]
    assert problems == [
        "data.json, submission 2, threats[1]/threat_type: the threat is missing.",
    ]
    two[1]["threats"] = []
    report = do_import_assessments(
        kobo_json(tmp_path / "data.json", two),
        by=people["assessor"],
        media=tmp_path / "media",
        dry_run=True,
    )
    assert [str(problem) for problem in report.errors] == [
        'data.json, submission 1: disturbance: "Shelling or artillery" is a cause of Military '
        "activity and armed conflict, not of Neglect."
    ]
