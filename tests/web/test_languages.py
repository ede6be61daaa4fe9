"""Languages in page addresses (/ka/…), the switcher, the error pages, and static files' names
and cache lifetimes."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import translate_url
from django.utils import translation

from tests.access.decoders import decode, findings
from tests.access.leak_case import (
    build_leak_case,
    protected_places,
    secrets_for,
    unauthorised_readers,
)
from tutela.access import outputs

pytestmark = pytest.mark.django_db


def test_it_serves_a_page_in_the_language_of_its_address(client, site_factory):
    site = site_factory([("Sioni", "en")])
    page = client.get(f"/ka/sites/{site.ulid}/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "ka"
    assert '<html lang="ka"' in html
    # Links on a Georgian page stay Georgian; machine outputs keep their one address.
    assert 'href="/ka/sites/"' in html
    assert 'data-tiles="/tiles/{z}/{x}/{y}.mvt"' in client.get("/ka/").content.decode()


def test_an_address_without_a_prefix_keeps_the_readers_language(client, site_factory):
    site_factory([("Sioni", "en")])
    assert '<html lang="en"' in client.get("/sites/").content.decode()
    client.cookies["django_language"] = "ru"
    page = client.get("/sites/")
    assert '<html lang="ru"' in page.content.decode()
    assert "Cookie" in page["Vary"] and "Accept-Language" in page["Vary"]


def test_it_names_the_page_in_every_language(client, site_factory):
    site = site_factory([("Sioni", "en")])
    html = client.get(f"/ru/sites/{site.ulid}/?page=1").content.decode()
    found = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    path = f"/sites/{site.ulid}/?page=1"
    assert found == {
        "en": f"http://testserver{path}",
        "az": f"http://testserver/az{path}",
        "hy": f"http://testserver/hy{path}",
        "ka": f"http://testserver/ka{path}",
        "ru": f"http://testserver/ru{path}",
        "x-default": f"http://testserver{path}",
    }


@pytest.mark.parametrize(
    ("language", "next_page", "expected"),
    [
        ("ka", "/sites/?q=Sioni", "/ka/sites/?q=Sioni"),
        ("ru", "/ka/incidents/", "/ru/incidents/"),
        ("en", "/hy/dashboard/", "/dashboard/"),
    ],
)
def test_the_switcher_keeps_the_page(client, language, next_page, expected):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_page})
    assert response.status_code == 302 and response.url == expected
    assert client.cookies["django_language"].value == language


def test_machine_outputs_have_no_language_prefix(client):
    assert client.get("/ka/api/v1/").status_code == 404
    assert client.get("/ka/ogc/").status_code == 404
    assert client.get("/ogc/", HTTP_ACCEPT_LANGUAGE="ka").status_code == 200


def test_the_not_found_page_is_translated_with_the_navigation(client):
    page = client.get("/ka/no-such-page/")
    html = page.content.decode()
    assert page.status_code == 404
    assert '<html lang="ka"' in html and "გვერდი ვერ მოიძებნა" in html  # "Page not found"
    assert 'href="/ka/sites/"' in html and 'action="/i18n/setlang/"' in html


def test_a_refusal_is_a_translated_page_that_says_why(client, people):
    client.force_login(people["viewer"])
    page = client.get("/ka/review/")
    html = page.content.decode()
    assert page.status_code == 403 and '<html lang="ka"' in html
    assert 'href="/ka/sites/"' in html
    with translation.override("ka"):
        why = translation.gettext("Only reviewers can see the review queue.")
    assert f'<p role="alert">{why}</p>' in html


def test_a_server_error_is_a_translated_page_with_the_navigation(site_factory, monkeypatch):
    from tutela.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("a broken page")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    page = client.get("/ka/sites/")
    html = page.content.decode()
    assert page.status_code == 500 and '<html lang="ka"' in html
    assert 'href="/ka/sites/"' in html and "a broken page" not in html


def test_outputs_leak_nothing_at_their_prefixed_addresses(client, people):
    """The leak test's addresses again under /ka/, for the reader who sees least (the full
    matrix of readers is tests/access/test_leaks.py, without prefixes)."""
    outputs.load_all()
    case, secrets = build_leak_case(people)
    places = protected_places()
    readers = unauthorised_readers(people)
    with translation.override("en"):
        urls = [url for build in outputs.OUTPUTS.values() for url in build(case)]
        # The addresses that have a Georgian twin, as that twin.
        twins = [ka for url in urls if (ka := translate_url(url, "ka")) != url]
    leaks, fetched = [], 0
    needles = secrets_for(secrets, readers["anonymous"])
    for url in twins:
        response = client.get(url)
        fetched += 1
        assert response.status_code < 500, url
        for found in findings(decode(response, url), needles, places):
            leaks.append(f"{found} at {url}")
    assert leaks == []
    assert fetched > 20


def test_collected_files_have_hashed_names_cached_for_years(tmp_path, settings):
    source = tmp_path / "source" / "web"
    source.mkdir(parents=True)
    (source / "probe.css").write_text("body { color: black; }\n")
    root = tmp_path / "static"
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_DIRS=[str(tmp_path / "source")],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_USE_FINDERS=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        url = static("web/probe.css")
        assert re.fullmatch(r"/static/web/probe\.[0-9a-f]{12}\.css", url)
        response = Client().get(url)
        assert response.status_code == 200
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("language", "day", "number"),
    [
        ("en", "7 December 2026", "12,345.5"),
        ("hy", "07.12.2026", "12\xa0345,5"),  # Django has no Armenian formats: CLDR's
        ("ka", "07.12.2026", "12\xa0345,5"),
        ("ru", "07.12.2026", "12\xa0345,5"),
    ],
)
def test_dates_and_numbers_follow_the_readers_locale(language, day, number):
    from datetime import date

    from django.utils.formats import date_format, number_format

    with translation.override(language):
        shown = date_format(
            date(2026, 12, 7), "DATE_FORMAT" if language == "en" else "SHORT_DATE_FORMAT"
        )
        assert shown == day
        assert number_format(12345.5, 1, force_grouping=True) == number


def test_a_page_shows_its_dates_in_the_readers_locale(client, people, site_factory):
    from django.utils.formats import date_format

    from tests.monitoring.factories import report_incident

    incident = report_incident([site_factory([("Sioni", "en")])], people["assessor"])
    html = client.get(f"/ru/incidents/{incident.pk}/").content.decode()
    with translation.override("ru"):
        assert date_format(incident.reported_at) in html  # "7 декабря 2026 г."
    assert incident.reported_at.date().isoformat() not in html
