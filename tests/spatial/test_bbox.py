"""Bounding-box queries use the database's spatial index on both backends."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from tutela.registry.models import Site
from tutela.spatial.bbox import BBoxError, in_bbox, parse_bbox, uses_rtree_table

pytestmark = pytest.mark.django_db

TBILISI = (44.70, 41.65, 44.90, 41.80)


@pytest.fixture
def sites(site_factory):
    return {
        "sioni": site_factory([("Sioni", "en")], lon=44.8075, lat=41.6914),
        "gelati": site_factory([("Gelati", "en")], lon=42.7681, lat=42.2947),
        "edge": site_factory([("Edge", "en")], lon=44.90, lat=41.80),
    }


def test_it_returns_the_sites_inside_the_box(sites):
    found = set(in_bbox(Site.objects.all(), "point", TBILISI).values_list("id", flat=True))
    assert found == {sites["sioni"].id, sites["edge"].id}


def test_it_combines_with_other_filters(sites):
    queryset = in_bbox(Site.objects.filter(names__text="Sioni"), "point", TBILISI)
    assert list(queryset) == [sites["sioni"]]


def test_its_query_plan_uses_the_spatial_index(sites):
    # Unordered, so the planner is not drawn to the primary key to save a sort.
    queryset = in_bbox(Site.objects.order_by(), "point", TBILISI)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if uses_rtree_table():
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "idx_registry_site_point" in plan
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            # A table this small is cheaper to scan; forbid that to see whether the index fits.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert re.search(r"Index Scan (using|on) registry_site_point_\w*id", plan), plan


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,2,3", "four numbers"),
        ("a,b,c,d", "not a number"),
        ("0,0,200,1", "outside"),
        ("0,10,1,5", "southern edge north"),
        ("170,0,-170,1", "antimeridian"),
    ],
)
def test_it_refuses_a_malformed_box_with_a_reason(text, problem):
    with pytest.raises(BBoxError, match=problem):
        parse_bbox(text)


def test_it_reads_a_well_formed_box():
    assert parse_bbox(" 44.7,41.65 ,44.9,41.8") == (44.7, 41.65, 44.9, 41.8)
