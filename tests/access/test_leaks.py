"""No output shows a restricted site's exact location, or a confidential site at all, to a
reader who may not see them, nor a witness to a reader who may not see witnesses. Every URL of
the project must be registered (access/outputs.py). Binary outputs are read as their readers
would read them (tests/access/decoders.py: vector tiles, GeoPackages, images' EXIF, PDFs,
ZIPs); the decoders' own positive controls are in test_leak_decoders.py."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.decoders import body, decode, findings
from tests.access.leak_case import (
    MARKER,
    build_leak_case,
    granted_reader,
    protected_places,
    secrets_for,
    unauthorised_readers,
)
from tutela.access import outputs

pytestmark = pytest.mark.django_db

# The admin opens only to the use-admin capability (editors, administrators), who see every
# site exactly; tests/access/test_roles.py shows a staff user without a role is refused it.
ADMIN_ONLY = {"admin"}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                if pattern.namespace in ADMIN_ONLY:
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_registered_as_an_output_or_exempt():
    outputs.load_all()
    unregistered = project_url_names() - set(outputs.OUTPUTS) - set(outputs.EXEMPT)
    assert unregistered == set(), (
        "Register these URLs in an outputs.py (tutela.access.outputs.register or exempt) so the "
        f"leak test covers them: {sorted(unregistered)}"
    )


def keep_unreadable(data: bytes, url: str, reader_name: str) -> str:
    """Keep an output no decoder could read, outside the run's folders, so that the decoder
    can be taught it (an unreadable output may hide a leak: it fails the test)."""
    folder = Path(tempfile.gettempdir()) / "tutela-leak-unreadable"
    folder.mkdir(exist_ok=True)
    path = folder / f"{reader_name}-{re.sub(r'[^A-Za-z0-9.]+', '_', url)[-80:]}"
    path.write_bytes(data)
    return str(path)


def test_no_output_leaks_a_protected_location(client, people):
    outputs.load_all()
    case, secrets = build_leak_case(people)
    readers = unauthorised_readers(people)
    places = protected_places()
    leaks: list[str] = []
    kept: list[str] = []
    fetched = 0
    for reader_name, reader in readers.items():
        client.logout()
        if reader is not None:
            client.force_login(reader)
        needles = secrets_for(secrets, reader)
        for _url_name, build in sorted(outputs.OUTPUTS.items()):
            for url in build(case):
                response = client.get(url)
                fetched += 1
                assert response.status_code < 500, (url, reader_name)
                data = body(response)
                found_here = list(findings(decode(response, url, data), needles, places))
                leaks += [f"{reader_name} sees {found} at {url}" for found in found_here]
                if any(found.startswith("unreadable") for found in found_here):
                    kept.append(keep_unreadable(data, url, reader_name))
    assert leaks == [], f"outputs the decoders could not read are kept in {sorted(set(kept))}"
    assert fetched > 100


def test_a_granted_reader_sees_the_exact_location(client, people):
    """The positive control: the same checks find the coordinates when they may be shown."""
    case, secrets = build_leak_case(people)
    client.force_login(granted_reader(case))
    page = client.get(f"/sites/{case.restricted_site.ulid}/").content.decode()
    assert "41.987654" in page and "44.123456" in page
    confidential = client.get(f"/sites/{case.confidential_site.ulid}/").content.decode()
    assert MARKER in confidential
    geojson = client.get("/ogc/collections/sites/items?limit=1000").content.decode()
    assert "44.123456" in geojson and "44.234567" in geojson
