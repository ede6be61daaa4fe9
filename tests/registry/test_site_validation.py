"""A site that does not validate is refused at the model layer, and nothing is saved."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError

from tutela.core.vocabulary import term_by_code
from tutela.registry.models import Denomination, Faith, Name, NameType, Site
from tutela.registry.vocabulary import SiteType

pytestmark = pytest.mark.django_db

BOWTIE = Polygon(((44.0, 41.0), (44.1, 41.1), (44.1, 41.0), (44.0, 41.1), (44.0, 41.0)), srid=4326)
SQUARE = Polygon(((44.0, 41.0), (44.1, 41.0), (44.1, 41.1), (44.0, 41.1), (44.0, 41.0)), srid=4326)


def test_it_refuses_a_longitude_out_of_range():
    with pytest.raises(ValidationError, match="Longitude 200.0 is out of range"):
        Site(point=Point(200, 41, srid=4326)).save()
    assert Site.objects.count() == 0


def test_it_refuses_a_latitude_out_of_range_and_hints_at_swapped_coordinates():
    with pytest.raises(ValidationError, match="swapped"):
        Site(point=Point(41.7, 144.8, srid=4326)).save()
    assert Site.objects.count() == 0


def test_it_refuses_a_footprint_that_crosses_itself():
    with pytest.raises(ValidationError, match="not a valid polygon") as refusal:
        Site(point=Point(44.05, 41.05, srid=4326), footprint=MultiPolygon(BOWTIE)).save()
    assert "footprint" in refusal.value.message_dict
    assert Site.objects.count() == 0


def test_it_keeps_a_point_and_a_footprint():
    site = Site(point=Point(44.05, 41.05, srid=4326), footprint=MultiPolygon(SQUARE))
    site.save()
    stored = Site.objects.get(pk=site.pk)
    assert stored.footprint.geom_type == "MultiPolygon"
    assert stored.footprint.equals(MultiPolygon(SQUARE))
    assert (stored.point.x, stored.point.y) == (44.05, 41.05)


def test_it_gives_each_site_a_ulid_and_a_code():
    site = Site(point=Point(44, 41, srid=4326))
    site.save()
    assert len(site.ulid) == 26
    assert site.code == f"TUT-{site.ulid[-8:]}"


def test_it_refuses_a_date_range_that_ends_before_it_begins():
    with pytest.raises(ValidationError, match="ends") as refusal:
        Site(point=Point(44, 41, srid=4326), built="1200/1150").save()
    assert "built" in refusal.value.message_dict
    assert Site.objects.count() == 0


def test_it_stores_an_uncertain_date_as_text_with_day_bounds():
    from tutela.core.dates import date_to_ordinal

    site = Site(point=Point(44, 41, srid=4326), built="12th century")
    site.save()
    stored = Site.objects.get(pk=site.pk)
    assert stored.built == "12th century"
    assert stored.built_earliest == date_to_ordinal(1101, 1, 1)
    assert stored.built_latest == date_to_ordinal(1200, 12, 31)


def test_it_finds_sites_built_before_a_year_by_their_bounds():
    from tutela.core.dates import date_to_ordinal

    for text in ("12th century", "before 1988", "300 BC", "c. 1850"):
        Site(point=Point(44, 41, srid=4326), built=text).save()
    before_1500 = Site.objects.filter(built_latest__lt=date_to_ordinal(1500))
    assert sorted(before_1500.values_list("built", flat=True)) == ["12th century", "300 BC"]


def test_it_refuses_an_unknown_vocabulary_term():
    site = Site(point=Point(44, 41, srid=4326), faith_id=987654)
    with pytest.raises(ValidationError) as refusal:
        site.save()
    assert "faith" in refusal.value.message_dict
    with pytest.raises(ValidationError, match='Unknown site type "chruch". Known: .*church'):
        term_by_code(SiteType, "chruch")


def test_it_refuses_a_denomination_of_another_faith():
    islam = Faith.objects.get(code="islam")
    orthodox = Denomination.objects.get(code="georgian-orthodox")
    with pytest.raises(ValidationError, match="belongs to Christianity"):
        Site(point=Point(44, 41, srid=4326), faith=islam, denomination=orthodox).save()


def test_it_takes_the_faith_from_the_denomination():
    site = Site(
        point=Point(44, 41, srid=4326),
        denomination=Denomination.objects.get(code="armenian-apostolic"),
    )
    site.save()
    assert site.faith.code == "christianity"


def test_a_site_may_have_no_location():
    site = Site()
    site.save()
    assert Site.objects.get(pk=site.pk).point is None


class TestNames:
    @pytest.fixture
    def site(self):
        site = Site(point=Point(44.7, 41.8, srid=4326))
        site.save()
        return site

    def name(self, site, **fields):
        defaults = {
            "site": site,
            "text": "Svetitskhoveli",
            "language": "en",
            "name_type": NameType.objects.get(code="official"),
        }
        return Name(**{**defaults, **fields})

    def test_it_refuses_a_name_without_language(self, site):
        with pytest.raises(ValidationError) as refusal:
            self.name(site, language="").save()
        assert "language" in refusal.value.message_dict
        assert site.names.count() == 0

    def test_it_refuses_a_language_that_is_not_iso_639(self, site):
        with pytest.raises(ValidationError, match="not an ISO 639 language code"):
            self.name(site, language="english").save()

    def test_it_refuses_an_empty_name(self, site):
        with pytest.raises(ValidationError):
            self.name(site, text="   ").save()

    def test_it_detects_the_script_and_keeps_a_search_key(self, site):
        name = self.name(site, text="სვეტიცხოველი", language="ka")
        name.save()
        assert (name.script, name.folded) == ("Geor", "სვეტიცხოველი")
        latin = self.name(site, text="Gəncəsər", language="az")
        latin.save()
        assert (latin.script, latin.folded) == ("Latn", "genceser")

    def test_it_normalises_the_language_tag(self, site):
        name = self.name(site, text="Svetitskhoveli", language="KA-latn")
        name.save()
        assert name.language == "ka-Latn"

    def test_it_refuses_a_period_of_use_that_ends_before_it_begins(self, site):
        with pytest.raises(ValidationError, match="ends"):
            self.name(site, in_use="1991/1921").save()
