"""The keys are kept by every way names are written: an import, a restore; `tutela verify`
reports keys written around Tutela, and the refresh command mends them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tutela.access.policy import visible_sites
from tutela.interchange.actions import do_import_sites
from tutela.registry.models import Name
from tutela.search import engine, kept

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


def found(text: str) -> list[str]:
    hits = engine.find(visible_sites(ANONYMOUS), text, ANONYMOUS)
    return [hit.text for hit in hits]


def test_an_imported_name_is_found_at_once(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "national-register,name,name:ru,lon,lat\nGE-9,შიომღვიმე,Шиомгвиме,44.64,41.86\n",
        encoding="utf-8",
    )
    do_import_sites(register)
    assert found("Shiomgvime")[:1] in (["შიომღვიმე"], ["Шиомгвиме"])


def test_a_key_written_around_tutela_is_reported_and_mended(site_factory):
    site_factory([("Zarzma", "en")])
    assert kept.differing() == (0, [])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_namekey SET skeleton = 'stale'")
    name_id = Name.objects.get(text="Zarzma").id
    assert kept.differing() == (1, [name_id])
    assert found("zarzma") == []
    kept.rebuild()
    assert kept.differing() == (0, []) and found("zarzma") == ["Zarzma"]
