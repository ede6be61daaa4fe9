"""The demo's search works across scripts (`make demo` loads these OpenStreetMap places)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tutela.access.policy import visible_sites
from tutela.registry.actions import do_load_osm_places
from tutela.registry.models import Site
from tutela.search import engine

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


def first_hit(text: str) -> str:
    """The English name of the first site found (the name matched may be another: the
    German Schiomghwime is an exact match for Шиомгвиме)."""
    hits = engine.find(visible_sites(ANONYMOUS), text, ANONYMOUS, limit=1)
    return Site.objects.get(id=hits[0].site_id).display_name("en") if hits else ""


def test_the_demo_finds_its_monasteries_from_any_script():
    do_load_osm_places()
    for typed in ("Шиомгвиме", "Shiomgvime", "შიომღვიმე", "Shiomghvme"):
        assert first_hit(typed) == "Monastery of Shiomghvime", typed
    assert first_hit("Зарзма") == "Zarzma monastery"
