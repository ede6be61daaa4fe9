"""`tutela import`: exit status, the problems listed, the report file."""

from __future__ import annotations

import json

import pytest

from tutela.cli import main
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["import", *arguments])
    return exited.value.code


def test_it_imports_and_says_what_it_did(osm_csv, osm_mapping, editor, capsys):
    code = run(str(osm_csv(25)), "--mapping", str(osm_mapping), "--user", "editor")
    err = capsys.readouterr().err
    assert code == 0 and Site.objects.count() == 25
    assert "created 25 sites, updated 0, 0 unchanged" in err and "SHA-256" in err


def test_a_dry_run_changes_nothing(osm_csv, osm_mapping, capsys):
    assert run(str(osm_csv(25)), "--mapping", str(osm_mapping), "--dry-run") == 0
    assert "would create 25 sites" in capsys.readouterr().err
    assert Site.objects.count() == 0


def test_it_exits_non_zero_and_lists_the_problems_when_refused(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("national-register,name,lon,lat\nGE-1,A,44,95\n")
    report = tmp_path / "report.json"
    assert run(str(path), "--report", str(report)) == 1
    err = capsys.readouterr().err
    assert "bad.csv, row 2, lat: latitude 95.0 is out of range" in err
    assert "was not imported; nothing was changed" in err
    written = json.loads(report.read_text())
    assert written["ok"] is False and written["problems"][0]["row"] == 2
    assert Site.objects.count() == 0


def test_it_refuses_a_user_who_may_not_edit_the_registry(osm_csv, osm_mapping, people, capsys):
    assert run(str(osm_csv(3)), "--mapping", str(osm_mapping), "--user", "viewer") == 1
    assert "Only registry editors" in capsys.readouterr().err
