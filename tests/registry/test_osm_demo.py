"""The demo data: OpenStreetMap places of worship of Georgia, loaded once, split into names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.history.models import Version
from tutela.registry.actions import do_load_osm_places
from tutela.registry.models import ExternalIdentifier, Name, Site, Source
from tutela.registry.osm_places import DEMO_CSV, OSM_SOURCE, READING_SOURCE, RefusedFile

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


def test_it_cites_the_extract_with_every_site_and_the_reading_of_names_with_those_read():
    do_load_osm_places()
    source = Source.objects.get(title=OSM_SOURCE["title"])
    assert (source.licence, source.attribution) == ("ODbL 1.0", "© OpenStreetMap contributors")
    assert "no religion" in source.note
    assert Site.objects.exclude(sources=source).count() == 0
    assert Name.objects.exclude(source=source).count() == 0
    # Bodbe's German name says what the others do not: a nunnery.
    bodbe = ExternalIdentifier.objects.get(value="node/288011071").site
    assert {term.code for term in bodbe.site_types.all()} == {
        "place-of-worship",
        "monastery",
        "convent",
    }
    assert (bodbe.faith.code, bodbe.denomination.code) == ("christianity", "georgian-orthodox")
    assert bodbe.sources.filter(title=READING_SOURCE["title"]).exists()
    unnamed = ExternalIdentifier.objects.get(value="node/287987760").site
    assert unnamed.faith is None and unnamed.sources.count() == 1
    assert [term.code for term in unnamed.site_types.all()] == ["place-of-worship"]
    read = Site.objects.filter(sources__title=READING_SOURCE["title"])
    assert read.filter(faith__code="islam", site_types__code="mosque").exists()
    assert not Site.objects.exclude(faith=None).exclude(pk__in=read).exists()
    # Named places first: a list in the order of creation does not open on "Unnamed …".
    last_named = max(Site.objects.filter(names__isnull=False).values_list("id", flat=True))
    assert not Site.objects.filter(names__isnull=True, id__lt=last_named).exists()


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


def test_it_reads_the_names_of_sites_an_earlier_load_left_unread_once():
    do_load_osm_places()
    # As the loader before names were read left them: no faith, no reading cited.
    bodbe = ExternalIdentifier.objects.get(value="node/288011071").site
    Site.objects.filter(pk=bodbe.pk).update(faith=None, denomination=None)
    bodbe.sources.remove(Source.objects.get(title=READING_SOURCE["title"]))
    again = do_load_osm_places()
    assert (again.created, again.read) == (0, 1)
    bodbe.refresh_from_db()
    assert bodbe.denomination.code == "georgian-orthodox"
    latest = Version.objects.filter(object_id=str(bodbe.pk), action="update").last()
    assert latest is not None and latest.state["denomination"] == bodbe.denomination_id
    assert do_load_osm_places().read == 0
