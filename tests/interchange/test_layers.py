"""GeoPackage, Shapefile and GeoJSON layers, written with pyogrio from the OSM demo places."""

from __future__ import annotations

import json

import pytest

from tests.interchange.conftest import demo_rows, osm_features, write_layer
from tutela.interchange.actions import do_import_sites
from tutela.registry.models import ExternalIdentifier, Site

pytestmark = pytest.mark.django_db


def test_it_imports_a_geopackage_of_points(tmp_path, layer_mapping):
    path = write_layer(tmp_path / "places.gpkg", osm_features(120), "GPKG", geometry_type="Point")
    report = do_import_sites(path, mapping=layer_mapping)
    assert (report.format, report.created) == ("gpkg", 120)
    first = demo_rows(1)[0]
    site = ExternalIdentifier.objects.get(value=f"node/{first['osm_node_id']}").site
    assert (site.point.x, site.point.y) == (float(first["lon"]), float(first["lat"]))
    again = do_import_sites(path, mapping=layer_mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 120)


def test_it_reprojects_a_shapefile_in_utm_to_longitude_and_latitude(tmp_path, layer_mapping):
    # Shapefile field names stop at ten characters: osm_node_id arrives as osm_node_i.
    layer_mapping.write_text(layer_mapping.read_text().replace("osm_node_id", "osm_node_i"))
    path = write_layer(
        tmp_path / "places.shp",
        osm_features(60, srid=32638),
        "ESRI Shapefile",
        crs="EPSG:32638",
        geometry_type="Point",
    )
    report = do_import_sites(path, mapping=layer_mapping)
    assert report.created == 60 and set(report.sha256) >= {"places.shp", "places.dbf", "places.prj"}
    for row in demo_rows(60):
        site = ExternalIdentifier.objects.get(value=f"node/{row['osm_node_id']}").site
        assert site.point.x == pytest.approx(float(row["lon"]), abs=1e-7)
        assert site.point.y == pytest.approx(float(row["lat"]), abs=1e-7)
    # A second import of the reprojected file is still a no-op: same doubles both times.
    assert do_import_sites(path, mapping=layer_mapping).unchanged == 60


def test_a_polygon_becomes_the_footprint_and_a_point_on_its_surface(tmp_path):
    # An L-shaped outline: its centroid lies outside it, the point on its surface does not.
    outline = (
        "POLYGON ((44 42, 44.002 42, 44.002 42.0005, 44.0005 42.0005, 44.0005 42.002, "
        "44 42.002, 44 42))"
    )
    path = write_layer(
        tmp_path / "outline.geojson",
        [(outline, {"national-register": "GE-100", "name": "Ananuri"})],
        "GeoJSON",
    )
    report = do_import_sites(path)
    site = Site.objects.get()
    assert report.created == 1 and site.footprint.num_geom == 1
    assert site.footprint.contains(site.point)
    assert not site.footprint.contains(site.footprint.centroid)


def test_it_imports_geojson_written_by_hand(tmp_path):
    path = tmp_path / "sites.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [43.9, 42.3]},
                        "properties": {"wikidata": "Q2090426", "name:ka": "ნიკორწმინდა"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    report = do_import_sites(path)
    assert report.created == 1
    assert Site.objects.get().names.get().language == "ka"


def test_it_reads_the_chosen_layer_of_a_geopackage(tmp_path, layer_mapping):
    path = tmp_path / "two.gpkg"
    write_layer(path, osm_features(5), "GPKG", layer="churches", geometry_type="Point")
    write_layer(path, osm_features(3), "GPKG", layer="others", geometry_type="Point")
    refused = do_import_sites(path, mapping=layer_mapping, dry_run=True)
    assert "2 layers (churches, others)" in str(refused.errors[0])
    assert do_import_sites(path, mapping=layer_mapping, layer="others").created == 3
