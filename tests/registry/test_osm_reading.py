"""What an OpenStreetMap name says about a place's type and faith, in every script."""

from __future__ import annotations

import pytest

from tutela.registry.osm_reading import Reading, read_osm_name


@pytest.mark.parametrize(
    ("names", "types", "faith", "denomination"),
    [
        (
            ("ბოდბის წმინდა გიორგის მონასტერი (Bodbe Monastery)",),
            ("monastery",),
            "christianity",
            "georgian-orthodox",
        ),
        (("Church of Saint George",), ("church",), "christianity", ""),
        (("Церковь Святого Георгия",), ("church",), "christianity", ""),
        (("Sioni of Samshvilde",), (), "christianity", "georgian-orthodox"),
        (("Սուրբ Գևորգ",), (), "christianity", "armenian-apostolic"),
        (("Surb Mec Nerses",), (), "christianity", "armenian-apostolic"),
        (("Katholische Kirche",), ("church",), "christianity", "roman-catholic"),
        (("სამების საკათედრო ტაძარი",), ("cathedral",), "christianity", "georgian-orthodox"),
        (("სამლოცველო",), ("chapel",), "christianity", "georgian-orthodox"),
        (("მეჩეთი (Mosque)",), ("mosque",), "islam", ""),
        (("Cümə məscidi",), ("mosque",), "islam", ""),
        (("Мечеть",), ("mosque",), "islam", ""),
        (("სინაგოგა", "Great Synagogue"), ("synagogue",), "judaism", ""),
        (("Kheltubani Cemetery",), ("cemetery",), "", ""),
    ],
)
def test_it_reads_what_the_name_says(names, types, faith, denomination):
    assert read_osm_name(*names) == Reading(types, faith, denomination)


def test_it_reads_nothing_from_a_name_that_says_nothing():
    assert not read_osm_name("")
    assert not read_osm_name("გოხნარი")  # a village's name: no word says what is there
    assert not read_osm_name("Place of Worship")


def test_a_name_that_says_two_faiths_says_none():
    reading = read_osm_name("Church, formerly a mosque")
    assert reading.types == ("church", "mosque") and reading.faith == ""
