"""The public features' read model follows every write that changes what a feature shows."""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import make_site
from tests.ogc.test_public_sql import pages
from tutela.ogc import public_features, public_sql

pytestmark = pytest.mark.django_db

# A capability, as conftest.py asks: SpatiaLite answers public pages from its live queries and
# keeps no read model; on it the equality tests here still hold (and the PostGIS run of the
# suite tests the model itself).
needs_read_model = pytest.mark.skipif(
    not public_features.kept(connection),
    reason="this database (SpatiaLite) keeps no public features; PostGIS runs of the suite do",
)

URL = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=4"


@pytest.fixture
def sites(db):
    made = []
    for n in range(9):
        access = ("public", "restricted", "public")[n % 3]
        names = [(f"Church {n}", "en"), (f"ეკლესია {n}", "ka")] if n % 4 else []
        made.append(make_site(names, 44.70 + n * 0.01, 41.60 + n * 0.005, access=access))
    return made


def same_on_both_paths(client, monkeypatch, languages=("en", "ka", "ru", "az")) -> list[dict]:
    """The anonymous pages in each language, written by the database where it keeps the
    model, equal to the ORM path's; the English pages."""
    from tutela.ogc import views

    def unwritten(message, *args, **kwargs):
        pytest.fail(message % args)

    monkeypatch.setattr(views.logger, "warning", unwritten)
    english = None
    for language in languages:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        compiled = pages(client, URL)
        with monkeypatch.context() as orm:
            orm.setattr(public_sql, "eligible", lambda reader, query: False)
            assert compiled == pages(client, URL), language
        english = english or compiled
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    return english


def feature(documents: list[dict], code: str) -> dict | None:
    found = [f for d in documents for f in d["features"] if f["properties"]["code"] == code]
    return found[0]["properties"] if found else None


def test_names_follow_their_edits_and_the_readers_language(client, sites, monkeypatch):
    from tutela.registry.models import Name
    from tutela.registry.vocabulary import NameType

    same_on_both_paths(client, monkeypatch)
    church = Name.objects.get(site=sites[1], language="en")
    church.text = "Church of the Dormition"
    church.save()
    assert feature(same_on_both_paths(client, monkeypatch), sites[1].code)["name"] == (
        "Church of the Dormition"
    )
    # A name in a language no name had: its readers see it, others do not.
    Name(
        site=sites[2], text="Kilsə 2", language="az", name_type=NameType.objects.get(code="local")
    ).save()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "az"
    assert feature(pages(client, URL), sites[2].code)["name"] == "Kilsə 2"
    same_on_both_paths(client, monkeypatch)
    # Removed, and a name type's order changed: the choice for other readers changes.
    Name.objects.get(site=sites[1], language="en").delete()
    local = NameType.objects.get(code="local")
    local.sort_order = 999
    local.save()
    same_on_both_paths(client, monkeypatch)
    # Every name gone: the site is unnamed, labelled by its first type.
    for name in Name.objects.filter(site=sites[2]):
        name.delete()
    assert feature(same_on_both_paths(client, monkeypatch), sites[2].code)["name"].startswith(
        "Unnamed church"
    )


def test_types_faith_and_the_site_itself_follow_their_edits(client, sites, monkeypatch):
    from tutela.registry.vocabulary import Denomination, Faith, SiteType

    monastery, church = SiteType.objects.get(code="monastery"), SiteType.objects.get(code="church")
    sites[0].site_types.add(monastery)
    sites[2].site_types.set([monastery])
    assert feature(same_on_both_paths(client, monkeypatch), sites[2].code)["types"] == "monastery"
    monastery.sort_order, church.sort_order = church.sort_order, monastery.sort_order + 1
    monastery.save()
    church.save()
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["types"] == (
        "monastery,church"
    )
    orthodox = Denomination.objects.exclude(faith=None).first()
    sites[0].faith, sites[0].denomination = orthodox.faith, orthodox
    sites[0].built = "12th century"
    sites[0].save()
    shown = feature(same_on_both_paths(client, monkeypatch), sites[0].code)
    assert (shown["faith"], shown["denomination"], shown["built"]) == (
        orthodox.faith.code,
        orthodox.code,
        "12th century",
    )
    faith = Faith.objects.get(pk=orthodox.faith_id)
    faith.code = "christianity-renamed"
    faith.save()
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["faith"] == (
        "christianity-renamed"
    )
    # Hidden from the public, the site leaves the page; shown again, it comes back.
    sites[0].access_level = "confidential"
    sites[0].save()
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code) is None
    sites[0].access_level = "public"
    sites[0].save()
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["built"]


def test_a_site_type_linked_from_its_side_or_removed_leaves_no_stale_feature(
    client, sites, monkeypatch
):
    from tutela.registry.vocabulary import SiteType

    chapel = SiteType(code="wayside-chapel", label="Wayside chapel", sort_order=0)
    chapel.save()
    chapel.site_set.add(sites[0], sites[2])  # linked from the type's side
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["types"] == (
        "wayside-chapel,church"
    )
    chapel.site_set.remove(sites[2])
    same_on_both_paths(client, monkeypatch)
    # Removing the type removes its links first, without m2m signals: the sites that showed it
    # are found before it goes.
    chapel.delete()
    shown = feature(same_on_both_paths(client, monkeypatch), sites[0].code)
    assert (shown["types"], shown["name"]) == ("church", f"Unnamed church {sites[0].code}")


@needs_read_model
def test_editing_what_no_feature_shows_of_a_term_rewrites_nothing(sites):
    from tutela.registry.vocabulary import SiteType

    def row_versions() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT site_id, xmin::text FROM ogc_publicsitefeature ORDER BY 1")
            return cursor.fetchall()

    before = row_versions()
    church = SiteType.objects.get(code="church")
    church.description = "A building for Christian worship."
    church.labels = {**church.labels, "de": "Kirche"}  # read when a page is written
    church.save()
    assert row_versions() == before
    church.sort_order += 1
    church.save()
    assert row_versions() != before  # its order is shown: every site of the type is rewritten


def test_the_condition_follows_reviews_deletions_and_the_schemes_levels(
    client, sites, people, monkeypatch
):
    from tests.monitoring.factories import file_assessment, value
    from tutela.history.deletion import do_soft_delete
    from tutela.history.recording import record_versions
    from tutela.monitoring.crosswalk import LEVELS
    from tutela.monitoring.models import Assessment, ReviewStatus, SchemeValue

    filed = file_assessment(
        sites[0], people["assessor"], values=[value("eamena-condition", "fair")]
    )
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["condition"] is None
    verified = Assessment.objects.filter(pk=filed.pk)
    verified.update(status=ReviewStatus.VERIFIED, access_level="public")
    record_versions(verified, "update")  # a write around the model layer records its versions
    fair = SchemeValue.objects.get(code="eamena-condition:fair")
    assert (
        feature(same_on_both_paths(client, monkeypatch), sites[0].code)["condition"]
        == (LEVELS[fair.damage_level])
    )
    fair.damage_level = max(LEVELS)
    fair.save()
    assert (
        feature(same_on_both_paths(client, monkeypatch), sites[0].code)["condition"]
        == (LEVELS[max(LEVELS)])
    )
    do_soft_delete(Assessment.objects.get(pk=filed.pk), by=people["admin"])
    assert feature(same_on_both_paths(client, monkeypatch), sites[0].code)["condition"] is None


@needs_read_model
def test_a_site_without_its_kept_feature_is_answered_by_the_orm_path(
    client, sites, monkeypatch, caplog
):
    from tutela.ogc.models import PublicSiteFeature

    expected = same_on_both_paths(client, monkeypatch)
    monkeypatch.undo()
    PublicSiteFeature.objects.filter(site_id=sites[2].pk).delete()  # SQL outside Tutela
    item = f"/ogc/collections/sites/items/{sites[2].ulid}"
    with caplog.at_level(logging.WARNING, logger="tutela.ogc.views"):
        assert pages(client, URL) == expected
        assert "have no kept public feature" in caplog.text
        caplog.clear()
        shown = client.get(item).json()
        assert "this item takes the ORM path" in caplog.text
    assert shown["properties"] == feature(expected, sites[2].code)
    call_command("refresh_public_features", "--missing")
    assert PublicSiteFeature.objects.filter(site_id=sites[2].pk).exists()
    assert same_on_both_paths(client, monkeypatch) == expected


@needs_read_model
def test_the_rebuild_writes_what_the_writes_kept(sites):
    from tutela.ogc.models import PublicSiteFeature

    hidden = make_site([("Hidden church", "en")], 44.7, 41.6, access="confidential")
    assert not PublicSiteFeature.objects.filter(site_id=hidden.pk).exists()
    kept = sorted(PublicSiteFeature.objects.values_list("site_id", "names", "properties"))
    # Only the sites an anonymous reader sees (the restricted ones shown generalised), not the
    # confidential one.
    assert [row[0] for row in kept] == sorted(site.pk for site in sites)
    PublicSiteFeature.objects.all().delete()
    call_command("refresh_public_features")
    assert sorted(PublicSiteFeature.objects.values_list("site_id", "names", "properties")) == kept
    names = dict(PublicSiteFeature.objects.values_list("site_id", "names"))
    assert names[sites[1].pk] == {"en": "Church 1", "ka": "ეკლესია 1", "*": "Church 1"}
    assert names[sites[0].pk] == {}


def _a_lock_is_awaited(within: float) -> bool:
    """Whether some backend is waiting for a lock, polled until `within` seconds pass.
    pg_locks is read live on each call, unlike pg_stat_activity's per-transaction snapshot."""
    import time

    from django.db import connection

    deadline = time.monotonic() + within
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@needs_read_model
@pytest.mark.django_db(transaction=True)
def test_two_writers_refreshing_one_site_at_once_both_commit():
    """Two edits of one site in two transactions at once each rewrite its feature: the second
    waits for the first and writes after it, instead of failing on its row."""
    import threading

    from django.db import connections, transaction

    from tutela.ogc.models import PublicSiteFeature

    site = make_site([("Church of the test", "en")], 44.7, 41.6)
    PublicSiteFeature.objects.filter(site_id=site.pk).delete()  # both writers insert it
    failures: list[BaseException] = []
    begun = threading.Event()

    def other_writer() -> None:
        try:
            with transaction.atomic():
                begun.set()
                public_features.refresh_sites([site.pk])
        except BaseException as error:  # the test reports whatever it was
            failures.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        public_features.refresh_sites([site.pk])
        writer = threading.Thread(target=other_writer)
        writer.start()
        assert begun.wait(30), "the other writer never started"
        waited = _a_lock_is_awaited(within=30)  # returns as soon as it is seen
    writer.join(30)
    assert waited, "the other writer never waited on this one's row: nothing was tested"
    assert not failures, failures
    assert PublicSiteFeature.objects.filter(site_id=site.pk).count() == 1


@needs_read_model
def test_verify_reports_the_features_a_write_around_tutela_left_behind(sites, capsys):
    from tutela import cli
    from tutela.registry.models import Site

    assert public_features.differing() == (0, [])
    Site.objects.filter(pk=sites[1].pk).update(code="HAND-1")  # SQL by hand: no version
    assert public_features.differing() == (1, [sites[1].pk])
    assert cli.verify() == 1
    printed = capsys.readouterr()
    said = " ".join((printed.out + printed.err).split())
    assert "Public features: 1 site(s) show on the public map what their records no" in said
    assert f"(first: site ids {sites[1].pk}); a write was made around Tutela." in said
    call_command("refresh_public_features")
    assert public_features.differing() == (0, [])
