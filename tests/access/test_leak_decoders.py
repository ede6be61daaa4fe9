"""The leak test's decoders find what they should (tests/access/decoders.py).

A decoder that sees nothing would let every output pass, so each kind of binary output is
decoded here where it does hold a protected place or name: what an administrator gets, an
original photo, a PDF and a ZIP made in the test. And the rule must not fire on what readers
may see: the generalised point of a restricted site.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib

import pytest
from django.urls import reverse

from tests.access.decoders import (
    decode,
    decode_bytes,
    findings,
    metres_between,
    tile_rounding_m,
)
from tests.access.leak_case import (
    CONFIDENTIAL,
    CONFIDENTIAL_NAME,
    LEAK_RADIUS_M,
    MARKER,
    RESTRICTED,
    WITNESS,
    WITNESSES,
    build_leak_case,
    coordinate_strings,
    protected_places,
    secrets_for,
    witness_photo,
)
from tutela.access import outputs
from tutela.ogc.tiles_math import tile_of
from tutela.spatial.generalise import generalise

pytestmark = pytest.mark.django_db

EXACT_RESTRICTED = "exact place of the restricted site"
EXACT_CONFIDENTIAL = "exact place of the confidential site"


@pytest.fixture
def leak_case(people):
    return build_leak_case(people)


def found_in(url: str, client, secrets) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return findings(decode(response, url), secrets, protected_places())


def tile_url(lon: float, lat: float, zoom: int) -> str:
    z, x, y = tile_of(lon, lat, zoom)
    return f"/tiles/{z}/{x}/{y}.mvt"


def test_it_keeps_the_generalised_places_far_outside_the_leak_radius():
    # z4 is the coarsest tile the leak test fetches, so its rounding is the largest.
    for place in (RESTRICTED, CONFIDENTIAL):
        apart = metres_between(*place, *generalise(*place))
        assert apart > LEAK_RADIUS_M + tile_rounding_m(4, place[1]) + 1000, place


def test_it_reads_an_administrators_tiles_back_to_the_exact_places(client, people, leak_case):
    case, secrets = leak_case
    client.force_login(people["admin"])
    clusters = found_in(tile_url(*RESTRICTED, 8), client, secrets)  # z8: one site a cluster
    assert any(EXACT_RESTRICTED in f and "'count': 1" in f for f in clusters)
    assert any(EXACT_CONFIDENTIAL in f for f in clusters)
    points = found_in(tile_url(*CONFIDENTIAL, 16), client, secrets)
    assert any(EXACT_CONFIDENTIAL in f for f in points)
    assert f"confidential {CONFIDENTIAL_NAME!r}" in points  # read from the tile's properties


def test_it_finds_no_leak_in_the_generalised_point_a_viewer_sees(client, people, leak_case):
    case, secrets = leak_case
    client.force_login(people["viewer"])
    places, positions = protected_places(), []
    for url in outputs.OUTPUTS["tiles:sites"](case):
        response = client.get(url)
        learned = decode(response, url)
        assert findings(learned, secrets_for(secrets, people["viewer"]), places) == [], url
        positions += learned.positions
    shown = generalise(*RESTRICTED)
    # Not vacuous: the tiles did hold the restricted site, at its cell's centre, at high zoom.
    assert any(metres_between(p.lon, p.lat, *shown) < 5 for p in positions)


def test_it_reads_places_footprints_and_names_in_an_administrators_geopackage(
    client, people, leak_case
):
    case, secrets = leak_case
    client.force_login(people["admin"])
    found = found_in(reverse("interchange:export-sites", args=["gpkg"]), client, secrets)
    assert any(EXACT_RESTRICTED in f and "table sites.geom" in f for f in found)
    assert any(EXACT_RESTRICTED in f and "table site_footprints.geom" in f for f in found)
    assert any(EXACT_CONFIDENTIAL in f and "table rtree_sites_geom" in f for f in found)
    assert f"confidential {CONFIDENTIAL_NAME!r}" in found


def test_it_reads_the_gps_and_the_witness_in_an_originals_exif(client, people, leak_case):
    case, secrets = leak_case
    client.force_login(people["admin"])
    restricted_evidence = case.evidence[0]
    found = found_in(reverse("evidence:original", args=[restricted_evidence.ulid]), client, secrets)
    assert any(EXACT_RESTRICTED in f and "EXIF GPS" in f for f in found)
    assert any(f.startswith("image metadata GPS tags") for f in found)
    assert any(f.startswith("image metadata Make") for f in found)
    assert f"{WITNESS} {WITNESSES['restricted'][0]!r}" in found
    # The public copy of the same photo: nothing to find.
    public = reverse("evidence:public-copy", args=[restricted_evidence.ulid])
    assert found_in(public, client, secrets) == []


def test_it_reads_a_witness_written_only_in_utf16_exif():
    from PIL import Image

    witness = WITNESSES["confidential"][0]
    with Image.open(io.BytesIO(witness_photo(*RESTRICTED, "someone"))) as image:
        exif = image.getexif()
        exif[0x9C9C] = witness.encode("utf-16-le")  # XPComment, as Windows writes it
        signed = io.BytesIO()
        image.save(signed, "JPEG", exif=exif)
    data = signed.getvalue()
    assert witness.encode() not in data
    found = findings(decode_bytes(data, "image/jpeg", "photo.jpg"), {"confidential": [witness]}, [])
    assert f"confidential {witness!r}" in found


def handmade_pdf(content: bytes, font: bytes) -> bytes:
    """A one-page PDF whose page shows ``content`` (compressed) in the font ``font``."""
    stream = zlib.compress(content)
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 300 100]"
        b" /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>",
        b"<</Length %d /Filter /FlateDecode>>\nstream\n%b\nendstream" % (len(stream), stream),
        font,
    ]
    numbered = b"".join(b"%d 0 obj\n%b\nendobj\n" % (n, o) for n, o in enumerate(objects, 1))
    return b"%PDF-1.4\n" + numbered + b"trailer\n<</Root 1 0 R>>\n%%EOF\n"


def test_it_reads_the_text_a_pdf_page_shows():
    pdf = handmade_pdf(
        b"BT /F1 12 Tf 10 50 Td (Chapel ) Tj [(Zx-9q) -20 ( of the hidden relic)] TJ ET",
        b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>",
    )
    assert MARKER.encode() not in pdf  # only a decoder that inflates the page finds it
    learned = decode_bytes(pdf, "application/pdf")
    found = findings(learned, {"confidential": [CONFIDENTIAL_NAME]}, [])
    assert found == [f"confidential {CONFIDENTIAL_NAME!r}"]


def test_it_refuses_to_pass_a_pdf_whose_text_it_cannot_map():
    pdf = handmade_pdf(
        b"BT /F1 12 Tf 10 50 Td <00410042> Tj ET",
        b"<</Type /Font /Subtype /Type0 /BaseFont /Secret /Encoding /Identity-H>>",
    )
    found = findings(decode_bytes(pdf, "application/pdf", "report.pdf"), {}, [])
    assert found == [
        "unreadable report.pdf: text in a font without a ToUnicode map "
        "(teach tests/access/decoders.py)"
    ]


@pytest.mark.browser
def test_it_reads_a_pdf_chromium_printed(browser):
    """Skia writes text through subset fonts and ToUnicode maps, split into positioned runs,
    and embeds a JPEG as it is, EXIF and all: a report showing an original leaks its GPS.
    The run's one Chromium (tests/conftest.py; setup checks it starts) prints the page."""
    import base64

    lon, lat = CONFIDENTIAL
    secrets = {
        "confidential": [CONFIDENTIAL_NAME, *coordinate_strings(lon, lat)],
        WITNESS: list(WITNESSES["restricted"]),
    }
    photo = base64.b64encode(witness_photo(*RESTRICTED, "someone")).decode()
    html = (
        f"<h1>{CONFIDENTIAL_NAME}</h1><p>ქართული: {lat:.6f}, {lon:.6f}; "
        f"{WITNESSES['restricted'][0]}</p>"
        f"<img src='data:image/jpeg;base64,{photo}' width=96 height=64>"
    )
    page = browser.new_page()
    try:
        page.set_content(html)
        pdf = page.pdf()
    finally:
        page.close()
    assert MARKER.encode() not in pdf
    learned = decode_bytes(pdf, "application/pdf", "report.pdf")
    found = findings(learned, secrets, protected_places())
    assert f"confidential {CONFIDENTIAL_NAME!r}" in found
    assert f"confidential '{lat:.6f}'" in found and f"confidential '{lon:.6f}'" in found
    assert f"{WITNESS} {WITNESSES['restricted'][0]!r}" in found
    assert any(EXACT_RESTRICTED in f and "embedded JPEG EXIF GPS" in f for f in found)


def test_it_opens_every_member_of_a_zip(client, people, leak_case, tmp_path):
    import numpy as np
    from django.contrib.gis.geos import Point

    from tutela.interchange.importers.ogr import gdal

    case, secrets = leak_case
    client.force_login(people["admin"])
    export = client.get(reverse("interchange:export-sites", args=["gpkg"]))
    shapefile = tmp_path / "sites.shp"
    gdal().raw.write(
        str(shapefile),
        np.array([bytes(Point(*CONFIDENTIAL).wkb)], dtype=object),
        [np.array(["a site"], dtype=object)],
        ["name"],
        driver="ESRI Shapefile",
        crs="EPSG:4326",
        geometry_type="Point",
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("export/sites.gpkg", b"".join(export.streaming_content))
        bundle.writestr("photos/original.jpg", witness_photo(*RESTRICTED, "someone"))
        bundle.writestr("notes.txt.gz", gzip.compress(WITNESSES["restricted"][1].encode()))
        for part in tmp_path.glob("sites.*"):
            bundle.write(part, f"shape/{part.name}")
    learned = decode_bytes(archive.getvalue(), "application/zip", "bundle.zip")
    found = findings(learned, secrets, protected_places())
    assert any("bundle.zip!export/sites.gpkg table sites.geom" in f for f in found)
    assert any("bundle.zip!photos/original.jpg EXIF GPS" in f for f in found)
    assert any(EXACT_CONFIDENTIAL in f and "bundle.zip!shape/sites.shp" in f for f in found)
    assert f"{WITNESS} {WITNESSES['restricted'][1]!r}" in found


def test_witnesses_are_secret_from_readers_who_may_not_see_them(client, people, leak_case):
    case, secrets = leak_case
    assert secrets[WITNESS] == list(WITNESSES["restricted"])
    assert set(WITNESSES["confidential"]) <= set(secrets["confidential"])
    assert WITNESS not in secrets_for(secrets, people["reviewer"])
    for reader in (None, people["viewer"], people["assessor"]):
        assert secrets_for(secrets, reader)[WITNESS] == secrets[WITNESS]
    # The reviewer's page names the witness, so the check would catch it on anyone else's.
    client.force_login(people["reviewer"])
    page = reverse("evidence:detail", args=[case.evidence[0].ulid])
    found = found_in(page, client, secrets_for(secrets, people["assessor"]))
    assert found == [f"{WITNESS} {w!r}" for w in WITNESSES["restricted"]]
