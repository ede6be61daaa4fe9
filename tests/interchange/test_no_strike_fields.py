"""What the no-strike list needs of a site, as the registry keeps it: the emblem (public, in the
API) and the contact point (personal data: editors and lists only)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.conftest import make_site
from tutela.registry.forms import SiteForm
from tutela.registry.models import Site
from tutela.spatial.bbox import uses_rtree_table

pytestmark = pytest.mark.django_db


def test_the_site_form_edits_the_emblem_and_the_contact_point():
    site = make_site([("Sioni", "ka")])
    form = SiteForm(
        data={
            "access_level": "public",
            "emblem": "triple",
            "contact_name": "Tamar Kapanadze",
            "contact_organisation": "Patriarchate of Georgia",
            "contact_phone": "+995 32 272 27 18 ext. 12",
            "contact_email": "sioni@example.ge",
        },
        instance=site,
    )
    assert form.is_valid(), form.errors
    form.save()
    site.refresh_from_db()
    assert (site.emblem, site.contact_phone) == ("triple", "+995 32 272 27 18 ext. 12")


def test_a_telephone_number_that_is_not_one_is_refused_with_a_sentence():
    site = make_site([("Sioni", "ka")])
    site.contact_phone = "ask the priest"
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "Give a telephone number such as" in refused.value.message_dict["contact_phone"][0]


def test_the_api_shows_the_emblem_and_never_the_contact_point(client):
    site = make_site([("Sioni", "ka")])
    site.emblem, site.contact_name = "single", "Tamar Kapanadze"
    site.contact_email = "sioni@example.ge"
    site.save()
    response = client.get(f"/api/v1/sites/{site.ulid}")
    assert response.json()["emblem"] == "single"
    assert "Kapanadze" not in response.content.decode()
    assert "sioni@example.ge" not in response.content.decode()


@pytest.mark.skipif(
    not uses_rtree_table(),
    reason="PostGIS keeps its spatial indexes (GiST) inside the table, which ALTER TABLE keeps; "
    "the repair in registry/0008 and this check are for SpatiaLite's R*Tree tables, which the "
    "suite's SpatiaLite half runs",
)
def test_the_sites_spatial_indexes_survive_the_migration_that_added_the_fields():
    """registry/0008 rebuilt the table on SQLite, which loses SpatiaLite's index triggers."""
    make_site([("Sioni", "ka")], 44.8, 41.7)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f_geometry_column, spatial_index_enabled FROM geometry_columns "
            "WHERE f_table_name = 'registry_site'"
        )
        assert dict(cursor.fetchall()) == {"point": 1, "public_point": 1, "footprint": 1}
        cursor.execute('SELECT count(*) FROM "idx_registry_site_point"')
        assert cursor.fetchone()[0] == Site.objects.count()
