"""Zip archives: a zipped Shapefile imports like the Shapefile; bombs, escaping entries and
archives that are not one dataset are refused before anything is unpacked or written."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.interchange.conftest import osm_features, write_layer
from tutela.interchange.actions import RefusedImport, do_import_sites
from tutela.interchange.importers import archive
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db


def zipped_shapefile(tmp_path: Path, count: int = 5, folder: str = "") -> Path:
    """A Shapefile of real OSM places written by GDAL, zipped as people send them."""
    layer = tmp_path / "layer"
    layer.mkdir(exist_ok=True)
    write_layer(layer / "places.shp", osm_features(count), "ESRI Shapefile")
    path = tmp_path / "places.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for part in sorted(layer.iterdir()):
            zipped.write(part, f"{folder}{part.name}")
        zipped.writestr("__MACOSX/._places.shp", b"\x00\x05\x16\x07")
    return path


@pytest.fixture
def unzipped(tmp_path, monkeypatch) -> list[str]:
    """Where archives are unpacked, to check that nothing is left behind."""
    folder = tmp_path / "unzip"
    folder.mkdir()
    monkeypatch.setattr(archive.tempfile, "tempdir", str(folder))
    yield folder
    assert os.listdir(folder) == []


def refusal(path: Path, **options) -> str:
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path, **options)
    return "\n".join(str(problem) for problem in refused.value.report.errors)


def test_it_imports_a_zipped_shapefile(tmp_path, unzipped):
    path = zipped_shapefile(tmp_path, folder="places/")
    mapping = tmp_path / "shp.yaml"
    # A Shapefile cuts field names to 10 characters.
    mapping.write_text('identifiers: {osm: {column: osm_node_i, prefix: "node/"}}\n')
    report = do_import_sites(path, mapping=mapping)
    assert report.created == 5 == Site.objects.count()
    assert report.format == "shp"
    assert list(report.sha256)[:2] == ["places.zip", "places.shp"]
    again = do_import_sites(path, mapping=mapping)
    assert again.unchanged == 5


def test_problems_name_the_file_inside_the_archive(tmp_path, unzipped, unchanged):
    path = tmp_path / "register.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("register.csv", "national-register,name,lon,lat\nGE-1,Jvari,44.7,95\n")
    assert refusal(path) == (
        "register.zip/register.csv, row 2, lat: latitude 95.0 is out of range; it must lie "
        "between -90 and 90 (were longitude and latitude swapped?)."
    )


def test_it_refuses_a_zip_bomb(tmp_path, unzipped, unchanged):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("places.csv", b"0" * (20 << 20))  # 20 MB of zeros
    assert path.stat().st_size < 100_000
    message = refusal(path)
    assert message.startswith("bomb.zip: places.csv would unpack from ")
    assert "it looks like a zip bomb and is not unpacked" in message


def test_it_refuses_an_archive_larger_than_the_limit_unpacked(
    tmp_path, settings, unzipped, unchanged
):
    settings.TUTELA_IMPORT_MAX_UNZIPPED_MB = 1
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("places.csv", os.urandom(3 << 19))  # 1.5 MB that does not compress
    assert refusal(path) == (
        "big.zip: it would unpack to 2 MB, more than the 1 MB allowed "
        "(TUTELA_IMPORT_MAX_UNZIPPED_MB); it is not unpacked. Unzip it yourself and import "
        "the dataset, or raise the limit."
    )


@pytest.mark.parametrize("name", ["../../etc/evil.csv", "/tmp/evil.csv", "C:/evil.csv"])
def test_it_refuses_an_entry_that_escapes_the_folder(tmp_path, name, unzipped, unchanged):
    path = tmp_path / "escape.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("places.csv", "national-register,name\nGE-1,Jvari\n")
        zipped.writestr(name, "national-register,name\nGE-2,Evil\n")
    assert refusal(path) == (
        f'escape.zip: the entry "{name}" would be written outside the folder it is unpacked '
        "into; the archive is not unpacked. Ask the sender for an archive of the dataset's "
        "files alone."
    )
    assert not (tmp_path.parent / "etc").exists()


def test_it_refuses_too_many_entries(tmp_path, monkeypatch, unzipped, unchanged):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        for number in range(4):
            zipped.writestr(f"part{number}.csv", "x\n")
    assert "it holds 4 entries, more than the 3 a dataset needs" in refusal(path)


def test_it_refuses_two_datasets_and_none(tmp_path, unzipped, unchanged):
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as zipped:
        zipped.writestr("a.csv", "x\n")
        zipped.writestr("b.csv", "x\n")
    assert "two.zip: it holds 2 datasets (a.csv, b.csv); Tutela imports one at a time" in (
        refusal(two)
    )
    none = tmp_path / "none.zip"
    with zipfile.ZipFile(none, "w") as zipped:
        zipped.writestr("readme.txt", "x\n")
    assert "none.zip: it holds no dataset Tutela reads" in refusal(none)


def test_it_refuses_a_file_that_is_not_a_zip(tmp_path, unzipped, unchanged):
    path = tmp_path / "places.zip"
    path.write_text("national-register,name\nGE-1,Jvari\n")
    assert refusal(path).startswith("places.zip: it is not a zip archive, or it is damaged")
