"""The one search: any script, accents, typos; ranked; the matched name shown; only the
reader's sites."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from tutela.access.levels import AccessLevel
from tutela.access.policy import visible_sites
from tutela.registry.models import Name, Site
from tutela.search import engine
from tutela.search.models import NameKey

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


@pytest.fixture
def sites(site_factory):
    return {
        "shiomghvime": site_factory(
            [("შიომღვიმის მონასტერი", "ka"), ("Monastery of Shiomghvime", "en")], 44.66, 41.86
        ),
        "zarzma": site_factory([("ზარზმის მონასტერი", "ka"), ("Zarzma monastery", "en")]),
        "gandzasar": site_factory([("Գանձասար", "hy"), ("Gəncəsər", "az")], 46.5, 40.0),
        "shusha": site_factory([("Şuşa məscidi", "az"), ("Yukhari Govhar Agha Mosque", "en")]),
        "sioni": site_factory([("სიონის ტაძარი", "ka"), ("Sioni Cathedral", "en")]),
        "quoted": site_factory([('The "Old" Mosque', "en")]),
    }


def found(text: str, reader=ANONYMOUS) -> list[int]:
    return [hit.site_id for hit in engine.find(visible_sites(reader), text, reader)]


def selected(text: str, reader=ANONYMOUS) -> set[int]:
    sites = engine.matching(visible_sites(reader), text, reader)
    return set(sites.values_list("id", flat=True))


@pytest.mark.parametrize(
    "typed",
    ["Шиомгвиме", "Shiomgvime", "შიომღვიმე", "shiomghvime", "SHIOMGHVIME", "Shiomgvme"],
)
def test_a_name_is_found_from_any_script_and_with_a_typo(sites, typed):
    assert found(typed)[:1] == [sites["shiomghvime"].id]
    assert sites["shiomghvime"].id in selected(typed)


def test_russian_finds_georgian_and_latin_names_and_azerbaijani_reads_as_english_spells_it(
    sites,
):
    assert found("Зарзма")[:1] == [sites["zarzma"].id]
    assert found("Гандзасар")[:1] == [sites["gandzasar"].id]  # the Armenian name
    assert found("Ganjasar")[:1] == [sites["gandzasar"].id]  # Gəncəsər, as English writes it
    assert found("Шуша")[:1] == [sites["shusha"].id]  # Şuşa


def test_the_hit_names_the_matched_name_and_its_language(sites):
    hit = engine.find(visible_sites(ANONYMOUS), "Zarzma", ANONYMOUS)[0]
    assert (hit.text, hit.language, hit.match) == ("Zarzma monastery", "en", "prefix")
    hit = engine.find(visible_sites(ANONYMOUS), "ზარზმის მონასტერი", ANONYMOUS)[0]
    assert (hit.text, hit.language, hit.match) == ("ზარზმის მონასტერი", "ka", "exact")


def test_exact_then_prefix_then_inside_then_misspelt(site_factory):
    inside = site_factory([("Old Sameba church", "en")])
    misspelt = site_factory([("Samebi", "en")])
    prefix = site_factory([("Sameba Cathedral", "en")])
    exact = site_factory([("Sameba", "en")])
    assert found("sameba") == [exact.id, prefix.id, inside.id, misspelt.id]


def test_among_equals_the_site_nearer_the_map_view_comes_first(site_factory):
    west = site_factory([("Jvari", "en")], lon=42.0, lat=42.0)
    east = site_factory([("Jvari", "en")], lon=46.0, lat=41.0)
    sites = visible_sites(ANONYMOUS)
    assert [h.site_id for h in engine.find(sites, "jvari", ANONYMOUS, near=(45.9, 41.0))] == [
        east.id,
        west.id,
    ]
    assert [h.site_id for h in engine.find(sites, "jvari", ANONYMOUS, near=(42.1, 42.0))] == [
        west.id,
        east.id,
    ]


def test_a_confidential_site_is_found_only_by_those_who_see_it(site_factory, people):
    hidden = site_factory([("Secret Shrine", "en")], access=AccessLevel.CONFIDENTIAL)
    assert found("secret shrine") == [] and selected("secret shrine") == set()
    assert found("secret shrine", people["admin"]) == [hidden.id]


@pytest.mark.parametrize(
    "typed", ["", " ", "a", "!!!", '"', "*", "NEAR", "-", ":", '"*" NEAR -:', "x" * 10_000]
)
def test_odd_queries_give_an_empty_result_never_an_error(sites, typed):
    assert found(typed) == []
    assert selected(typed) == set()


def test_quotes_and_search_syntax_are_text_not_operators(sites):
    assert found('"old"') == [sites["quoted"].id]
    assert found("mosque OR sioni") == []


def test_a_renamed_name_is_found_by_its_new_text_only(sites):
    name = Name.objects.get(text="Sioni Cathedral")
    name.text = "Zion Cathedral"
    name.save()
    assert found("zion cathedral") == [sites["sioni"].id]
    assert NameKey.objects.filter(skeleton__contains="sioni cat").count() == 0


def test_a_removed_name_is_no_longer_found(sites):
    Name.objects.get(text="Yukhari Govhar Agha Mosque").delete()
    assert found("govhar agha") == []
    assert found("Şuşa") == [sites["shusha"].id]


def test_the_search_reads_the_trigram_index(sites):
    query = engine.read("siomgvime")
    condition = engine._holding_words(query, "default")
    keys = NameKey.objects.filter(condition)
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "search_namekey_trigram" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert re.search(r"Bitmap Index Scan on search_namekey_skeleton_trigram", plan), plan
    assert Site.objects.count() == 6
