"""Possible duplicates: listed for an editor, never merged."""

from __future__ import annotations

import pytest

from tutela.interchange.actions import do_import_sites
from tutela.interchange.duplicates import comparison_key, similar
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db

HEADER = "national-register,name,name:en,lon,lat\n"


def write(tmp_path, *lines: str):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_it_lists_a_new_site_near_an_existing_one_with_the_same_name_in_another_script(
    site_factory, tmp_path
):
    existing = site_factory([("Գանձասար", "hy")], lon=46.5186, lat=40.0331)
    # About 40 m east, named in Latin script only.
    report = do_import_sites(write(tmp_path, "AM-1,,Gandzasar,46.5191,40.0331"))
    [candidate] = report.duplicates
    assert candidate.other == existing.code and 30 < candidate.metres < 50
    assert "row 2" in str(candidate) and "Gandzasar" in str(candidate)
    assert Site.objects.count() == 2  # created, not merged


def test_it_compares_names_without_accents_and_with_a_generic_word_added(site_factory, tmp_path):
    site_factory([("Gəncəsər", "az")], lon=46.5186, lat=40.0331)
    report = do_import_sites(write(tmp_path, "AZ-1,Genceser monastery,,46.5187,40.0332"))
    assert len(report.duplicates) == 1


def test_it_does_not_list_a_site_further_than_the_distance(site_factory, tmp_path):
    site_factory([("Gelati", "en")], lon=42.7675, lat=42.2944)
    report = do_import_sites(write(tmp_path, "GE-2,,Gelati,42.7675,42.2974"))  # ~330 m north
    assert report.duplicates == []


def test_it_does_not_list_a_near_site_with_another_name(site_factory, tmp_path):
    site_factory([("Church of St George", "en")], lon=44.8, lat=41.7)
    report = do_import_sites(write(tmp_path, "GE-3,,Mosque of Tbilisi,44.8001,41.7001"))
    assert report.duplicates == []


def test_it_lists_two_rows_of_the_same_file_that_look_like_one_site(tmp_path):
    report = do_import_sites(
        write(tmp_path, "GE-4,Ikorta,,44.0,42.0", "GE-5,Ikorta church,,44.0003,42.0")
    )
    [candidate] = report.duplicates
    assert candidate.other == "row 2 of this file" and candidate.where.number == 3


def test_a_deleted_site_is_not_a_candidate(site_factory, tmp_path, editor):
    from tutela.history.deletion import do_soft_delete

    site = site_factory([("Nekresi", "en")], lon=45.5, lat=41.9)
    do_soft_delete(site, by=editor, reason="duplicate")
    assert do_import_sites(write(tmp_path, "GE-6,,Nekresi,45.5,41.9")).duplicates == []


def test_the_comparison_key_romanises_georgian_armenian_and_russian():
    assert comparison_key("გელათი") == "gelati"
    assert comparison_key("Գանձասար") == "gandzasar"
    assert comparison_key("Гелати") == "gelati"
    assert similar(comparison_key("Svetitskhoveli"), comparison_key("სვეტიცხოველი"))
