"""The admin refuses what the model refuses, with the message on the right field."""

from __future__ import annotations

import pytest

from tutela.registry.models import Name, NameType, Site, SiteType

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/registry/site/add/"


@pytest.fixture
def editor_client(client, people):
    client.force_login(people["editor"])
    return client


def site_form(**overrides):
    church = SiteType.objects.get(code="church")
    local = NameType.objects.get(code="local")
    data = {
        "code": "",
        "site_types": [church.pk],
        "built": "",
        "admin_area": "",
        "admin_codes": "",
        "custodian": "",
        "description": "",
        "access_level": "public",
        "longitude": "44.8075",
        "latitude": "41.6914",
        "footprint_text": "",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-text": "სიონი",
        "names-0-language": "ka",
        "names-0-script": "",
        "names-0-name_type": str(local.pk),
        "names-0-in_use": "",
        "designations-TOTAL_FORMS": "0",
        "designations-INITIAL_FORMS": "0",
        "identifiers-TOTAL_FORMS": "0",
        "identifiers-INITIAL_FORMS": "0",
        "history_reason": "Surveyed in 2024",
    }
    data.update(overrides)
    return data


def test_an_editor_adds_a_site_with_its_name(editor_client):
    response = editor_client.post(ADD_URL, site_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    site = Site.objects.get()
    assert (site.point.x, site.point.y) == (44.8075, 41.6914)
    name = site.names.get()
    assert (name.text, name.language, name.script) == ("სიონი", "ka", "Geor")


def test_it_refuses_a_latitude_out_of_range(editor_client):
    response = editor_client.post(ADD_URL, site_form(latitude="141.6"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 90" in response.content.decode()
    assert Site.objects.count() == 0


def test_it_refuses_a_footprint_that_crosses_itself(editor_client):
    bowtie = "POLYGON((44.80 41.69, 44.81 41.70, 44.81 41.69, 44.80 41.70, 44.80 41.69))"
    response = editor_client.post(ADD_URL, site_form(footprint_text=bowtie))
    assert "not a valid polygon" in response.content.decode()
    assert Site.objects.count() == 0 and Name.objects.count() == 0


def test_it_accepts_a_footprint_as_geojson(editor_client):
    square = (
        '{"type": "Polygon", "coordinates": [[[44.80, 41.69], [44.81, 41.69], '
        "[44.81, 41.70], [44.80, 41.70], [44.80, 41.69]]]}"
    )
    assert editor_client.post(ADD_URL, site_form(footprint_text=square)).status_code == 302
    assert Site.objects.get().footprint.geom_type == "MultiPolygon"


def test_it_refuses_unreadable_footprint_text(editor_client):
    response = editor_client.post(ADD_URL, site_form(footprint_text="a square near Tbilisi"))
    assert "The footprint could not be read" in response.content.decode()
    assert Site.objects.count() == 0


def test_it_refuses_a_name_without_language_and_saves_nothing(editor_client):
    response = editor_client.post(ADD_URL, site_form(**{"names-0-language": ""}))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Site.objects.count() == 0


def test_it_refuses_a_date_range_that_ends_before_it_begins(editor_client):
    response = editor_client.post(ADD_URL, site_form(built="1200/1150"))
    assert "ends (1150) before it begins (1200)" in response.content.decode()
    assert Site.objects.count() == 0


def test_it_refuses_only_one_coordinate(editor_client):
    response = editor_client.post(ADD_URL, site_form(latitude=""))
    assert "Give both longitude and latitude, or neither." in response.content.decode()
    assert Site.objects.count() == 0


def test_an_administrator_edits_a_vocabulary_term(client, people):
    client.force_login(people["admin"])
    church = SiteType.objects.get(code="church")
    response = client.post(
        f"/admin/registry/sitetype/{church.pk}/change/",
        {
            "code": "church",
            "label": "Church (building)",
            "label_ka": "ეკლესია",
            "description": "",
            "aat_id": "300007466",
            "sort_order": "5",
            "active": "on",
            "history_reason": "the AAT's preferred label",
        },
    )
    assert response.status_code == 302
    church.refresh_from_db()
    assert church.label == "Church (building)"


def test_the_admin_refuses_a_malformed_aat_id(client, people):
    client.force_login(people["admin"])
    response = client.post(
        "/admin/registry/sitetype/add/",
        {"code": "stupa", "label": "Stupa", "aat_id": "12", "sort_order": "1"},
    )
    assert "not a Getty AAT id" in response.content.decode()
    assert not SiteType.objects.filter(code="stupa").exists()


def test_the_site_change_list_searches_names_in_any_script(client, people, site_factory):
    site_factory([("Gəncəsər", "az")])
    client.force_login(people["admin"])
    html = client.get("/admin/registry/site/", {"q": "genceser"}).content.decode()
    assert "Gəncəsər" in html
