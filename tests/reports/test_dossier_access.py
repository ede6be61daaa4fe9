"""A dossier never shows what the site page hides: a restricted site only generalised to the
public, a confidential one not at all, and no address comes back in a refusal."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from tests.access.leak_case import coordinate_strings
from tests.conftest import make_site
from tests.reports.dossier_case import pdf_text

pytestmark = pytest.mark.django_db

EXACT = (44.123456, 41.987654)


@pytest.fixture
def restricted_site():
    site = make_site([("Church of the hidden icon", "en")], *EXACT, access="restricted")
    lon, lat = EXACT
    ring = ((lon - 3e-4, lat - 2e-4), (lon + 3e-4, lat - 2e-4), (lon, lat + 2e-4))
    site.footprint = MultiPolygon(Polygon((*ring, ring[0])))
    site.save()
    return site


def test_the_public_sees_a_restricted_site_only_generalised(client, people, restricted_site):
    page = client.get(f"/sites/{restricted_site.ulid}/dossier.html").content.decode()
    pdf = client.get(f"/sites/{restricted_site.ulid}/dossier.pdf")
    text = pdf_text(pdf.content)
    for shown in (page, text):
        assert "Church of the hidden icon" in shown
        assert "The exact location of this site is protected" in shown
        assert "latitude 41.95, longitude 44.15" in shown  # the cell's centre
        assert not [c for c in coordinate_strings(*EXACT) if c in shown]
    assert "shaded square is the area the site lies in" in page
    assert "footprint" not in page.lower().replace("site's footprint as recorded", "")

    # The positive control: the same reading finds the place for a reader who may see it.
    client.force_login(people["editor"])
    text = pdf_text(client.get(f"/sites/{restricted_site.ulid}/dossier.pdf").content)
    assert "Latitude 41.987654, longitude 44.123456" in text
    assert "Access level of the site Restricted" in text


def test_a_hidden_or_unknown_site_is_a_sentence_that_repeats_nothing(client, people):
    confidential = make_site([("Chapel of the hidden relic", "en")], access="confidential")
    addresses = [
        f"/sites/{ulid}/{suffix}"
        for ulid in (confidential.ulid, "01UNKNOWN0000000000000000X", "not-a-ulid")
        for suffix in ("dossier.html", "dossier.pdf")
    ]
    for reader in (None, people["viewer"]):
        if reader is not None:
            client.force_login(reader)
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 404, address
            assert response["Content-Type"].startswith("text/html")
            page = response.content.decode()
            assert "There is no site with this id that you may see" in page
            ulid = address.split("/")[2]
            assert ulid not in page and "hidden relic" not in page and "Traceback" not in page
    client.force_login(people["admin"])
    assert client.get(f"/sites/{confidential.ulid}/dossier.html").status_code == 200
