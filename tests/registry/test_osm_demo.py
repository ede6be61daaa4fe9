"""The demo data: OpenStreetMap places of worship of Georgia, loaded once, split into names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.registry.actions import do_load_osm_places
from tutela.registry.models import ExternalIdentifier, Name, Site
from tutela.registry.osm_places import DEMO_CSV, RefusedFile

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_rows() -> int:
    import csv

    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_it_loads_every_place_of_worship_once(demo_rows):
    report = do_load_osm_places()
    assert demo_rows == 1939
    assert report.created == Site.objects.count() == 1939
    assert ExternalIdentifier.objects.filter(scheme__code="osm").count() == 1939
    again = do_load_osm_places()
    assert (again.created, again.unchanged) == (0, 1939)
    assert Site.objects.count() == 1939


def test_it_splits_a_georgian_name_with_an_english_one_in_brackets():
    do_load_osm_places()
    bodbe = ExternalIdentifier.objects.get(value="node/288011071").site
    names = {(name.text, name.language, name.script) for name in bodbe.names.all()}
    assert ("ბოდბის წმინდა გიორგის მონასტერი", "ka", "Geor") in names
    assert ("Bodbe Monastery", "en", "Latn") in names
    assert ("Monastery of St. Nino at Bodbe", "en", "Latn") in names
    assert ("Nonnenkloster St. Nino in Bodbe", "de", "Latn") in names
    assert bodbe.display_name("en") == "Bodbe Monastery"
    assert bodbe.display_name("ka") == "ბოდბის წმინდა გიორგის მონასტერი"


def test_it_keeps_the_licence_and_attribution_with_every_site():
    do_load_osm_places()
    site = Site.objects.first()
    source = site.sources.get()
    assert (source.licence, source.attribution) == ("ODbL 1.0", "© OpenStreetMap contributors")
    assert Name.objects.exclude(source=source).count() == 0


def test_it_invents_no_name_for_an_unnamed_place():
    do_load_osm_places()
    unnamed = ExternalIdentifier.objects.get(value="node/287987760").site
    assert unnamed.names.count() == 0


def test_it_refuses_a_file_with_a_bad_coordinate_and_changes_nothing(tmp_path: Path):
    broken = tmp_path / "broken.csv"
    lines = DEMO_CSV.read_text(encoding="utf-8").splitlines()
    header, first, second = lines[0], lines[1], lines[2]
    broken.write_text(
        "\n".join([header, first, second.replace("41.6071231", "141.6071231")]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(RefusedFile, match=r"row 3, lat: 141.6071231 is outside ±90"):
        do_load_osm_places(broken)
    assert Site.objects.count() == 0


def test_it_refuses_a_file_without_the_expected_columns(tmp_path: Path):
    broken = tmp_path / "columns.csv"
    broken.write_text("id,x,y\n1,2,3\n", encoding="utf-8")
    with pytest.raises(RefusedFile, match="missing column"):
        do_load_osm_places(broken)
    assert Site.objects.count() == 0


def test_it_refuses_a_file_that_is_not_utf8(tmp_path: Path):
    broken = tmp_path / "latin1.csv"
    broken.write_bytes(DEMO_CSV.read_bytes()[:2000].decode("utf-8", "ignore").encode("utf-16"))
    with pytest.raises(RefusedFile):
        do_load_osm_places(broken)
    assert Site.objects.count() == 0
