"""The HTML table of a collection's items: each value under its own heading."""

from __future__ import annotations

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def table(html: str) -> tuple[list[str], list[list[str]]]:
    def cells(row: str, tag: str) -> list[str]:
        found = re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row, re.S)
        return [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found]

    head, body = html.split("<tbody>", 1)
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("</tbody>", 1)[0], re.S)
    return cells(head.rsplit("<tr>", 1)[1], "th"), [cells(row, "td") for row in rows]


def test_it_puts_each_value_under_its_heading(client, site_factory):
    site = site_factory([("Sioni", "en")], lon=44.8075, lat=41.6914)
    feature = client.get(f"/ogc/collections/sites/items/{site.ulid}").json()
    page = client.get("/ogc/collections/sites/items?f=html").content.decode()
    headings, rows = table(page)
    (row,) = rows
    assert len(row) == len(headings)
    by_heading = dict(zip(headings, row, strict=True))
    assert by_heading["id"] == site.ulid
    for name, value in feature["properties"].items():
        if name in by_heading and isinstance(value, str):
            assert by_heading[name] == value, name
    assert by_heading["Location"] == "41.6914, 44.8075"
