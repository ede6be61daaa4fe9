"""`tutela export`: the public view by default, --as for another, errors naming the option."""

from __future__ import annotations

import json

import pytest

from tutela.cli import main

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["export", *arguments])
    return exited.value.code


def test_it_exports_the_public_view_by_default_and_says_so(registry_sample, tmp_path, capsys):
    out = tmp_path / "sites.geojson"
    assert run(str(out)) == 0
    err = capsys.readouterr().err
    assert "anonymous reader: the public view" in err
    assert "Exported 2 sites, 1 of them at a generalised location" in err and "SHA-256" in err
    assert len(json.loads(out.read_text())["features"]) == 2


def test_it_exports_what_another_reader_sees(registry_sample, people, tmp_path, capsys):
    out = tmp_path / "sites.csv"
    assert run(str(out), "--as", "editor", "--type", "monastery", "--name", "gelati") == 0
    assert "Exported 1 site as csv" in capsys.readouterr().err
    assert (tmp_path / "sites.csv-metadata.json").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        # The filter's refusals are the site filter's (tests/site_filter/), said the same way.
        (["--type", "chruch"], '--type: type "chruch" is not a site type code'),
        (["--format", "xlsx"], '--format: "xlsx" is not a format Tutela exports'),
        (["--as", "nobody"], "--as: there is no active user 'nobody'"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(
    registry_sample, tmp_path, capsys, arguments, message
):
    out = tmp_path / "sites.csv"
    assert run(str(out), *arguments) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
