"""Real clients against a live server: GDAL's OAPIF driver and OWSLib read the database."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import make_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def georgian_sites(live_server):
    sites = [
        make_site(
            [(f"Church {n}", "en"), (f"ეკლესია {n}", "ka")], 44.70 + n * 0.01, 41.60 + n * 0.01
        )
        for n in range(25)
    ]
    sites.append(make_site([("Gelati", "en")], 42.7681, 42.2947, site_type="monastery"))
    return sites


def ogr(*args: str) -> str:
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=120,
        env={"GDAL_HTTP_TIMEOUT": "30", "PATH": "/usr/bin:/bin", "CPL_DEBUG": "OFF"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_lists_the_collections_and_counts_the_sites(live_server, georgian_sites):
    summary = ogr("ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc/", "sites")
    assert "Feature Count: 26" in summary
    assert "name: String" in summary
    layers = ogr("ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogc/")
    assert "sites" in layers and "incidents" in layers


def test_ogr2ogr_copies_a_spatial_selection_into_a_geopackage(
    live_server, georgian_sites, tmp_path
):
    target = tmp_path / "selection.gpkg"
    ogr(
        "ogr2ogr",
        "-f",
        "GPKG",
        str(target),
        f"OAPIF:{live_server.url}/ogc/",
        "sites",
        "-spat",
        "44.695",
        "41.595",
        "44.805",
        "41.705",
        "-oo",
        "PAGE_SIZE=7",
    )
    dump = ogr("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", str(target), "sites")
    features = json.loads(dump)["features"]
    expected = {
        site.ulid for site in georgian_sites if site.point.x <= 44.805 and site.point.y <= 41.705
    }
    assert len(expected) == 11
    assert {f["properties"]["id"] for f in features} == expected
    for feature in features:
        site = next(s for s in georgian_sites if s.ulid == feature["properties"]["id"])
        assert feature["geometry"]["coordinates"] == pytest.approx(list(site.point.coords))


def test_owslib_reads_the_same_features_as_the_database(live_server, georgian_sites):
    from owslib.ogcapi.features import Features

    service = Features(live_server.url + "/ogc/")
    assert {c["id"] for c in service.collections()["collections"]} == {"sites", "incidents"}
    page = service.collection_items("sites", bbox=[42.0, 42.0, 43.0, 43.0])
    assert [f["id"] for f in page["features"]] == [georgian_sites[-1].ulid]
    everything = service.collection_items("sites", limit=1000)
    assert everything["numberMatched"] == 26
    assert {f["id"] for f in everything["features"]} == {s.ulid for s in georgian_sites}
    one = service.collection_item("sites", georgian_sites[0].ulid)
    assert one["properties"]["name"] == "Church 0"
