"""Name search finds substrings in any script, through a trigram index on both backends."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from tutela.registry.models import Name, Site
from tutela.registry.name_search import sites_with_name_containing
from tutela.registry.queries import name_filter

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(site_factory):
    return {
        "sioni": site_factory([("სიონის ტაძარი", "ka"), ("Sioni Cathedral", "en")]),
        "echmiadzin": site_factory([("Էջմիածին", "hy"), ("Ējmiatsin", "en")]),
        "quoted": site_factory([('The "Old" Mosque', "en")]),
    }


def found(text: str) -> set[int]:
    return set(name_filter(Site.objects.all(), text).values_list("id", flat=True))


def test_it_finds_a_substring_in_any_script_ignoring_case_and_accents(sites):
    assert found("ონის ტაძ") == {sites["sioni"].id}
    assert found("cathed") == {sites["sioni"].id}
    assert found("EJMIA") == {sites["echmiadzin"].id}
    assert found("միած") == {sites["echmiadzin"].id}
    assert found("nowhere") == set()


def test_searches_shorter_than_a_trigram_still_find_names(sites):
    assert found("io") == {sites["sioni"].id}


def test_quotes_and_search_syntax_are_text_not_operators(sites):
    assert found('"old"') == {sites["quoted"].id}
    assert found("old OR sioni") == set()
    assert found("mosque*") == set()


def test_a_renamed_name_is_found_by_its_new_text_only(sites):
    name = Name.objects.get(text="Sioni Cathedral")
    name.text = "Zion Cathedral"
    name.save()
    assert found("zion") == {sites["sioni"].id}
    assert found("sioni cath") == set()


def test_the_search_uses_the_trigram_index():
    matching = sites_with_name_containing("sioni")
    if connection.vendor == "sqlite":
        sql, params = matching.sql, matching.params
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "VIRTUAL TABLE INDEX" in plan and "registry_name_trigram" in plan, plan
    else:
        sql, params = matching.query.sql_with_params()
        with connection.cursor() as cursor:
            # A table this small is cheaper to scan, or to walk by any index while filtering;
            # forbid both to see whether the trigram index fits the condition.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert re.search(r"Bitmap Index Scan on registry_name_folded_trigram", plan), plan


def test_names_folded_before_the_fold_mapped_stripped_letters_are_found_after_migrating(
    site_factory,
):
    """A key stored by the earlier fold ("ǽlfred" -> "ælfred") is refolded by migration 0006,
    and history records the rewrite, so `tutela verify` stays clean."""
    from importlib import import_module

    from django.apps import apps

    from tutela.history.baseline import record_migrated
    from tutela.history.drift import changed_rows

    site = site_factory([("Ǽlfred's church", "en")])
    Name.objects.filter(text="Ǽlfred's church").update(folded="ælfreds church")  # the old key
    assert found("aelfred") == set()

    import_module("tutela.registry.migrations.0006_refold_names").refold(apps, None)
    assert found("aelfred") == {site.id}
    assert Name.objects.get(text="Ǽlfred's church").folded == "aelfreds church"
    record_migrated(["registry"])
    assert list(changed_rows(Name, 100)) == []
