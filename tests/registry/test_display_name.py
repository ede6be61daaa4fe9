"""No canonical name: each reader sees the name in their own language first."""

from __future__ import annotations

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_shows_the_readers_language_first(site_factory):
    site = site_factory([("გელათი", "ka"), ("Gelati Monastery", "en"), ("Гелати", "ru")])
    assert site.display_name("en") == "Gelati Monastery"
    assert site.display_name("ru") == "Гелати"
    assert site.display_name("ka") == "გელათი"


def test_it_falls_back_to_the_name_on_the_ground(site_factory):
    site = site_factory([("გელათი", "ka"), ("Gelati Monastery", "en")])
    assert site.display_name("hy") == "გელათი"


def test_it_follows_the_active_interface_language(site_factory):
    site = site_factory([("Գանձասար", "hy"), ("Gandzasar", "en")])
    with translation.override("hy"):
        assert str(site) == "Գանձասար"


def test_an_unnamed_site_says_so_with_its_type_and_code(site_factory):
    site = site_factory([], site_type="mosque")
    assert site.display_name("en") == f"Unnamed mosque {site.code}"
