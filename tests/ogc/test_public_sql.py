"""The compiled public bbox page says exactly what the ORM path says, page after page."""

from __future__ import annotations

import json

import pytest
from django.db import connections

from tests.conftest import make_site
from tutela.ogc import public_sql
from tutela.registry.models import Name
from tutela.registry.vocabulary import NameType, SiteType

pytestmark = pytest.mark.django_db

# A capability of the connection, as conftest.py asks: SpatiaLite (and PostgreSQL with
# TUTELA_DB_PREPARED_STATEMENTS off) runs these reads as plain queries, which the equality
# tests above already cover; these tests are about the prepared statements themselves.
needs_prepared_reads = pytest.mark.skipif(
    not public_sql.prepares(connections["default"]),
    reason="this database connection does not prepare public reads (SpatiaLite, or "
    "TUTELA_DB_PREPARED_STATEMENTS off); PostGIS runs of the suite cover them",
)


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch):
    """The compiled path must answer by itself; a fallback to the ORM path fails the test."""
    from tutela.ogc import views

    def fail(message, *args, **kwargs):
        pytest.fail(message)

    monkeypatch.setattr(views.logger, "exception", fail)


@pytest.fixture
def sites(db):
    made = []
    for n in range(24):
        access = ("public", "public", "restricted", "confidential", "registered", "public")[n % 6]
        names = [(f"Church {n}", "en"), (f"ეკლესია {n}", "ka")] if n % 5 else []
        site = make_site(names, 44.70 + n * 0.01, 41.60 + n * 0.005, access=access)
        # What a name's or a type's order turns on: a second type, a contested official name
        # in a tagged language (ranked by its primary subtag), a type label in Georgian.
        if n % 4 == 1:
            site.site_types.add(SiteType.objects.get(code="monastery"))
        if n % 4 == 3:  # stored in the opposite of the types' order (church sorts first)
            church = site.site_types.get()
            site.site_types.set([SiteType.objects.get(code="monastery")])
            site.site_types.add(church)
        if n % 3 == 0:
            Name(
                site=site,
                text=f"Церковь {n}",
                language="ru-Cyrl",
                name_type=NameType.objects.get(code="official"),
                contested=bool(n % 2),
            ).save()
        made.append(site)
    SiteType.objects.filter(code="church").update(labels={"ka": "ეკლესია"})
    return made


def pages(client, url: str) -> list[dict]:
    """Every page of a listing, following next links; timeStamps dropped."""
    documents = []
    while url:
        document = client.get(url).json()
        document.pop("timeStamp")
        documents.append(document)
        url = next((link["href"] for link in document["links"] if link["rel"] == "next"), None)
    return documents


@pytest.mark.parametrize(
    "query",
    [
        "bbox=44.6,41.5,45.1,41.8&limit=5",
        "bbox=44.6,41.5,45.1,41.8",
        "bbox=44.75,41.62,44.80,41.65&limit=2",
        "bbox=44.8,41.6,44.81,41.61",  # around the restricted site's generalised cell only
        "bbox=0,0,1,1",
        "bbox=-180,-90,180,90",  # past CACHED_PLAN_MAX_SQUARE_DEGREES: planned for its values
    ],
)
@pytest.mark.parametrize("language", ["en", "ka", "ru", "az"])
def test_it_matches_the_orm_path_for_anonymous_readers(client, sites, monkeypatch, query, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    url = f"/ogc/collections/sites/items?{query}"
    used = []
    original = public_sql.page_rows
    monkeypatch.setattr(
        public_sql, "page_rows", lambda *a, **k: used.append(1) or original(*a, **k)
    )
    compiled = pages(client, url)
    assert used, "the compiled path was not taken"
    monkeypatch.setattr(public_sql, "eligible", lambda reader, query: False)
    assert compiled == pages(client, url)


def test_the_count_past_its_bound_is_left_out_on_both_paths(client, sites, monkeypatch):
    from tutela.ogc import views

    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 3)
    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=2"
    compiled = client.get(url).json()
    assert "numberMatched" not in compiled and compiled["numberReturned"] == 2
    # Past the bound the matches read once need not hold the lowest ids: every page must
    # still be the ORM path's, in the same order.
    walked = pages(client, url)
    compiled_path = public_sql.eligible
    monkeypatch.setattr(public_sql, "eligible", lambda reader, query: False)
    assert walked == pages(client, url) and len(walked) == 8
    monkeypatch.setattr(public_sql, "eligible", compiled_path)
    monkeypatch.setattr(views, "NUMBER_MATCHED_UP_TO", 100)
    assert client.get(url).json()["numberMatched"] == 16  # public and restricted, not the rest


def test_signed_in_readers_and_filters_take_the_orm_path(client, sites, people, monkeypatch):
    monkeypatch.setattr(public_sql, "page_rows", lambda *a, **k: pytest.fail("compiled path"))
    assert (
        client.get("/ogc/collections/sites/items?bbox=44,41,45,42&type=church").status_code == 200
    )
    client.force_login(people["viewer"])
    assert client.get("/ogc/collections/sites/items?bbox=44,41,45,42").status_code == 200


def test_sql_without_its_markers_falls_back_to_the_orm_path(client, sites, monkeypatch):
    from tutela.ogc import views

    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=5"
    expected = pages(client, url)

    def lost(*args, **kwargs):
        raise public_sql.ShapeMismatch("markers found: []")

    monkeypatch.setattr(public_sql, "_bind", lost)
    logged = []
    monkeypatch.setattr(views.logger, "exception", logged.append)
    assert pages(client, url) == expected
    assert logged and set(logged) == {"The public bbox SQL lost its markers; using the ORM path."}


@pytest.mark.parametrize("language", ["en", "ka", "ru", "az"])
def test_single_items_match_the_orm_path_for_anonymous_readers(
    client, sites, monkeypatch, language
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    urls = [f"/ogc/collections/sites/items/{site.ulid}" for site in sites[:6]]
    urls.append("/ogc/collections/sites/items/01ARZ3NDEKTSV4RRFFQ69G5FAV")
    used = []
    original = public_sql.item_rows
    monkeypatch.setattr(public_sql, "item_rows", lambda u, *a: used.append(u) or original(u, *a))
    compiled = [(r.status_code, json.loads(r.content)) for r in map(client.get, urls)]
    assert len(used) == len(urls)
    assert [status for status, _ in compiled] == [200, 200, 200, 404, 404, 200, 404]
    # The HTML page of an item reads the feature the database wrote.
    page = client.get(urls[1] + "?f=html")
    assert page.status_code == 200 and compiled[1][1]["properties"]["name"] in page.text

    def lost(*args):
        raise public_sql.ShapeMismatch("the single-item SQL does not hold its marker once")

    from tutela.ogc import views

    monkeypatch.setattr(public_sql, "item_rows", lost)  # so the ORM path answers
    monkeypatch.setattr(views.logger, "exception", lambda message: None)
    assert [(r.status_code, json.loads(r.content)) for r in map(client.get, urls)] == compiled


def _statements_per_page(unfolded: int) -> int:
    """Where the database folds them, names, types and the count ride in the page's statement;
    elsewhere they are two more queries for a page with rows, and a count when it is full."""
    from django.db import connection

    return 1 if public_sql.folds(connection.vendor) else unfolded


@pytest.mark.parametrize(
    ("query", "unfolded"),
    [
        ("bbox=44.6,41.5,45.1,41.8&limit=5", 4),
        ("bbox=44.6,41.5,45.1,41.8", 3),
        ("bbox=0,0,1,1", 1),
    ],
)
def test_an_anonymous_page_takes_one_statement_where_folded(
    client, sites, django_assert_num_queries, query, unfolded
):
    # Nothing else either: no session, user or audit query for an anonymous reader.
    url = f"/ogc/collections/sites/items?{query}"
    client.get(url)  # the statement is compiled once per shape, outside the count
    with django_assert_num_queries(_statements_per_page(unfolded)):
        first = client.get(url).json()
    following = next((link["href"] for link in first["links"] if link["rel"] == "next"), None)
    if following:
        client.get(following)
        with django_assert_num_queries(_statements_per_page(4)):
            assert client.get(following).json()["numberMatched"] == 16


def test_an_anonymous_single_item_takes_one_statement_where_folded(
    client, sites, django_assert_num_queries
):
    from django.db import connection

    folded = public_sql.folds(connection.vendor)
    # public, restricted (shown generalised), confidential (absent: the page statement only)
    for site, status, unfolded in ((sites[0], 200, 3), (sites[2], 200, 3), (sites[3], 404, 1)):
        url = f"/ogc/collections/sites/items/{site.ulid}"
        client.get(url)
        with django_assert_num_queries(1 if folded else unfolded):
            assert client.get(url).status_code == status


def test_the_folded_names_follow_the_readers_language(client, sites):
    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=6"

    def names(language: str) -> list[str]:
        document = client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()
        return [feature["properties"]["name"] for feature in document["features"]]

    english, georgian, russian = names("en"), names("ka"), names("ru")
    # Site 5 has no names: its first type's label, translated where a translation exists.
    assert english[3] == f"Unnamed church {sites[5].code}"
    assert georgian[3] == f"უსახელო ეკლესია {sites[5].code}"
    assert georgian[1] == "ეკლესია 1"
    # Site 6: the reader's language first ("ru-Cyrl" by its primary subtag), then local.
    assert (english[4], russian[4]) == ("Church 6", "Церковь 6")


def test_the_condition_is_the_latest_verified_public_assessments_on_both_paths(
    client, sites, people, monkeypatch
):
    from tests.monitoring.factories import file_assessment, value
    from tutela.monitoring.models import Assessment, ReviewStatus, SchemeValue

    older = file_assessment(
        sites[0], people["assessor"], days_ago=30, values=[value("eamena-condition", "destroyed")]
    )
    newer = file_assessment(
        sites[0], people["assessor"], days_ago=5, values=[value("eamena-condition", "fair")]
    )
    file_assessment(
        sites[0], people["assessor"], days_ago=1, values=[value("eamena-condition", "destroyed")]
    )  # newest, but not verified: it does not count
    # Verified and public directly: the review workflow has its own tests (monitoring/). A
    # write around the model layer records its versions, as history/recording.py asks.
    from tutela.history.recording import record_versions

    verified = Assessment.objects.filter(pk__in=[older.pk, newer.pk])
    verified.update(status=ReviewStatus.VERIFIED, access_level="public")
    record_versions(verified, "update")
    from tutela.monitoring.crosswalk import LEVELS

    fair = LEVELS[SchemeValue.objects.get(code="eamena-condition:fair").damage_level]
    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=3"
    compiled = pages(client, url)
    assert compiled[0]["features"][0]["properties"]["condition"] == fair
    assert [f["properties"]["condition"] for f in compiled[0]["features"][1:]] == [None, None]
    monkeypatch.setattr(public_sql, "eligible", lambda reader, query: False)
    assert pages(client, url) == compiled


def test_the_database_writes_the_features_on_postgresql(client, sites, monkeypatch):
    from django.db import connection

    from tutela.ogc import views

    written = []
    original = views.features_from_written_rows
    monkeypatch.setattr(
        views,
        "features_from_written_rows",
        lambda rows: written.append(len(rows)) or original(rows),
    )
    url = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=5"
    document = client.get(url).json()
    assert bool(written) == public_sql.folds(connection.vendor)
    page = client.get(url + "&f=html")  # the HTML page reads the written features back
    assert page.status_code == 200
    assert document["features"][1]["properties"]["name"] in page.content.decode()


def test_a_restricted_site_without_its_stored_public_point_is_generalised_on_both_paths(
    client, sites, monkeypatch
):
    from tutela.registry.models import Site

    # A row written around Tutela (a bulk load, SQL by hand) may lack the generalised point;
    # no box finds it then (boxes match shown points), but its own URL does.
    Site.objects.filter(pk=sites[2].pk).update(public_point=None)
    url = f"/ogc/collections/sites/items/{sites[2].ulid}"
    compiled = client.get(url).content
    assert json.loads(compiled)["geometry"]["coordinates"] == [44.75, 41.65]  # cell centre
    from tutela.ogc import views

    def fallback(*args):  # so the ORM path answers
        raise public_sql.ShapeMismatch("the single-item SQL does not hold its marker once")

    monkeypatch.setattr(public_sql, "item_rows", fallback)
    monkeypatch.setattr(views.logger, "exception", lambda message: None)
    assert client.get(url).content == compiled


def _plans(marker: str) -> tuple[int, int]:
    """Generic and custom plans made so far by this connection's prepared statements that
    hold ``marker``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        return tuple(cursor.fetchone())


@needs_prepared_reads
def test_anonymous_reads_reuse_one_plan_on_postgresql(client, sites):
    """Planning these statements cost more than running them: PostgreSQL plans the single
    item and a page of a small box once per connection; a continent is planned for itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = f"/ogc/collections/sites/items/{sites[0].ulid}"
    small = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=5"
    world = "/ogc/collections/sites/items?bbox=-180,-90,180,90&limit=5"
    for url in (item, small):
        client.get(url)
    item_plans, page_plans = _plans('"ulid" = $'), _plans("FROM counted")
    with CaptureQueriesContext(connection) as captured:
        client.get(item)
    assert sites[0].ulid in captured.captured_queries[-1]["sql"]  # logged with its values
    item_plans = (item_plans[0] + 1, item_plans[1])
    for _ in range(3):
        assert client.get(item).json()["id"] == sites[0].ulid
        assert client.get(small).json()["numberReturned"] == 5
    assert _plans('"ulid" = $') == (item_plans[0] + 3, 0)
    assert _plans("FROM counted") == (page_plans[0] + 3, 0)
    assert client.get(world).json()["numberReturned"] == 5
    assert _plans("FROM counted") == (page_plans[0] + 3, 0)  # not prepared: planned for itself


@needs_prepared_reads
def test_without_prepared_statements_the_reads_are_planned_each_time(client, sites, monkeypatch):
    """TUTELA_DB_PREPARED_STATEMENTS=false (a pooler in transaction mode): same answers,
    nothing prepared."""
    from django.db import connection

    item = f"/ogc/collections/sites/items/{sites[0].ulid}"
    small = "/ogc/collections/sites/items?bbox=44.6,41.5,45.1,41.8&limit=5"
    prepared = [client.get(url).json() for url in (item, small)]
    before = _plans('"ulid" = $'), _plans("FROM counted")
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    planned = [client.get(url).json() for url in (item, small)]
    for document in prepared[1:] + planned[1:]:
        document.pop("timeStamp")
    assert planned == prepared
    assert (_plans('"ulid" = $'), _plans("FROM counted")) == before


@needs_prepared_reads
@pytest.mark.django_db(transaction=True)
def test_a_read_prepared_before_a_schema_change_elsewhere_still_answers(client, caplog):
    """A migration run by another process changes a column the prepared statements return:
    PostgreSQL refuses to run them again ("cached plan must not change result type"). The
    read answers all the same, and the next one is prepared afresh."""
    import psycopg
    from django.db import connection

    site = make_site([("Church of the test", "en")], 44.7, 41.6, access="public")
    url = f"/ogc/collections/sites/items/{site.ulid}"
    before = client.get(url).content
    params = connection.get_connection_params()
    params.pop("cursor_factory", None), params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as elsewhere:
        elsewhere.execute("ALTER TABLE registry_site ALTER COLUMN code TYPE varchar(41)")
        try:
            with caplog.at_level("WARNING", logger="tutela.ogc.public_sql"):
                assert client.get(url).content == before
            assert "running it unprepared" in caplog.text
            assert client.get(url).content == before
            assert _plans('"ulid" = $')[0] >= 1  # prepared again
        finally:
            elsewhere.execute("ALTER TABLE registry_site ALTER COLUMN code TYPE varchar(40)")
