"""The pages a visitor uses: map, list, site page, and what each reader may see on them."""

from __future__ import annotations

import gzip
import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.urls import reverse

from tutela.registry.models import (
    Designation,
    DesignationScheme,
    ExternalIdentifier,
    IdentifierScheme,
    Source,
)

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_the_sites_and_credits_the_data(client, site_factory):
    site_factory([("Sioni", "en")])
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 site in the registry." in html
    assert "OpenStreetMap contributors" in html
    assert "Natural Earth" in html
    assert 'id="map"' in html
    assert "vendor/maplibre-gl/maplibre-gl.js" in html


def test_pages_ignore_campaign_tags_but_refuse_a_misspelt_filter(client, site_factory):
    site_factory()
    for page in ("/", "/sites/"):
        assert client.get(page, {"utm_source": "newsletter", "fbclid": "x1"}).status_code == 200
        refused = client.get(page, {"faiht": "islam"})
        assert refused.status_code == 400 and "faiht" in refused.content.decode()


def test_the_map_data_holds_each_visible_site_with_its_name_and_page(client, site_factory):
    import mapbox_vector_tile

    from tutela.ogc.tiles_math import position_in_tile, tile_of

    site = site_factory([("სიონი", "ka"), ("Sioni Cathedral", "en")], lon=44.8075, lat=41.6914)
    home = client.get("/").content.decode()
    assert 'data-tiles="/tiles/{z}/{x}/{y}.mvt"' in home
    assert 'data-site-page="/sites/ULID/"' in home
    z, x, y = tile_of(44.8075, 41.6914, 12)
    tile = client.get(f"/tiles/{z}/{x}/{y}.mvt").content
    (feature,) = mapbox_vector_tile.decode(tile, default_options={"y_coord_down": True})["sites"][
        "features"
    ]
    assert feature["geometry"]["coordinates"] == pytest.approx(
        list(position_in_tile(44.8075, 41.6914, z, x, y)), abs=1
    )
    assert feature["properties"]["name"] == "Sioni Cathedral"
    assert "/sites/ULID/".replace("ULID", feature["properties"]["ulid"]) == f"/sites/{site.ulid}/"


def test_the_base_map_is_offline_natural_earth(client):
    response = client.get(reverse("web:countries-geojson"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    collection = json.loads(gzip.decompress(response.content))
    names = {feature["properties"]["name"] for feature in collection["features"]}
    assert {"Georgia", "Armenia", "Azerbaijan"} <= names


class TestSiteList:
    def test_it_pages_the_sites(self, client, site_factory, settings):
        settings.TUTELA_PAGE_SIZE = 2
        for number in range(5):
            site_factory([(f"Church {number}", "en")])
        first = client.get("/sites/").content.decode()
        assert "5 sites found." in first and "Page 1 of 3" in first
        last = client.get("/sites/?page=3").content.decode()
        assert "Church 4" in last and "Church 0" not in last

    def test_its_query_count_does_not_grow_with_the_page(
        self, client, site_factory, django_assert_max_num_queries
    ):
        for number in range(30):
            site_factory([(f"Church {number}", "en"), (f"ეკლესია {number}", "ka")])
        with django_assert_max_num_queries(8):
            assert client.get("/sites/").status_code == 200

    def test_it_survives_a_nonsense_page_number(self, client, site_factory):
        site_factory([("Sioni", "en")])
        assert client.get("/sites/?page=abc").status_code == 200
        assert client.get("/sites/?page=99999").status_code == 200


class TestSitePage:
    def test_it_shows_every_name_with_language_and_script(self, client, site_factory):
        site = site_factory([("სვეტიცხოველი", "ka"), ("Svetitskhoveli", "en")])
        html = client.get(f"/sites/{site.ulid}/").content.decode()
        assert '<td lang="ka" dir="auto">სვეტიცხოველი' in html
        assert "Georgian" in html and "Geor" in html
        assert '<td lang="en" dir="auto">Svetitskhoveli' in html

    def test_it_shows_types_designations_identifiers_and_sources(self, client, site_factory):
        site = site_factory([("Gelati", "en")], site_type="church")
        site.footprint = MultiPolygon(
            Polygon(((42.76, 42.29), (42.77, 42.29), (42.77, 42.30), (42.76, 42.29)))
        )
        site.built = "12th century"
        site.save()
        Designation(
            site=site,
            scheme=DesignationScheme.objects.get(code="world-heritage"),
            reference="710",
            designated="1994",
        ).save()
        ExternalIdentifier(
            site=site, scheme=IdentifierScheme.objects.get(code="wikidata"), value="Q1047966"
        ).save()
        source = Source(title="OSM", kind="dataset", licence="ODbL 1.0")
        source.save()
        site.sources.add(source)
        html = client.get(f"/sites/{site.ulid}/").content.decode()
        assert "http://vocab.getty.edu/aat/300007466" in html
        assert "World Heritage List — 710 (since 1994)" in html
        assert "https://www.wikidata.org/wiki/Q1047966" in html
        assert "licence ODbL 1.0" in html
        assert "12th century" in html
        assert 'id="footprint-geojson"' in html and "MultiPolygon" in html

    def test_an_unknown_site_is_not_found(self, client):
        assert client.get("/sites/01J0000000000000000000000Z/").status_code == 404

    def test_names_are_escaped(self, client, site_factory):
        site = site_factory([("<script>alert(1)</script>", "en")])
        html = client.get(f"/sites/{site.ulid}/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_are_translated(client, site_factory):
    site_factory([("Sioni", "en")])
    client.cookies["django_language"] = "ru"
    html = client.get("/sites/").content.decode()
    assert '<html lang="ru"' in html


def test_health_check_reports_the_database(client):
    assert client.get("/healthz").json()["status"] == "ok"
