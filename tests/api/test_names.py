"""A site's names: everyone who may see the site lists them; editors add, change, remove."""

from __future__ import annotations

import pytest

from tests.api.helpers import url
from tutela.registry.models import Name

pytestmark = pytest.mark.django_db


def test_it_lists_a_sites_names_with_language_script_and_type(anonymous, site_factory):
    site = site_factory([("ბოდბე", "ka"), ("Bodbe", "en")])
    names = anonymous.get(url("name-list", site.ulid)).json()["items"]
    assert [(n["text"], n["language"], n["script"], n["name_type"]["code"]) for n in names] == [
        ("ბოდბე", "ka", "Geor", "local"),
        ("Bodbe", "en", "Latn", "alternative"),
    ]


def test_names_of_a_site_the_reader_may_not_see_are_a_404(anonymous, sites_at_every_level):
    hidden = sites_at_every_level["confidential"]
    assert anonymous.get(url("name-list", hidden.ulid)).status_code == 404
    name = hidden.names.get()
    assert anonymous.get(url("name-detail", hidden.ulid, name.pk)).status_code == 404


def test_an_editor_adds_changes_and_removes_a_name(as_person, site_factory):
    site = site_factory([("Bodbe", "en")])
    editor = as_person("editor")
    added = editor.post(
        url("name-create", site.ulid),
        {"text": "Бодбе", "language": "ru", "name_type": "translation", "in_use": "19th century"},
    )
    assert added.status_code == 201, added.content
    name_id = added.json()["id"]
    assert added.json()["script"] == "Cyrl"
    assert added.json()["in_use"]["earliest"] == "1801-01-01"

    changed = editor.patch(url("name-update", site.ulid, name_id), {"contested": True})
    assert changed.status_code == 200 and changed.json()["contested"] is True
    assert Name.objects.get(pk=name_id).text == "Бодбе"

    assert editor.delete(url("name-delete", site.ulid, name_id)).status_code == 204
    assert not Name.objects.filter(pk=name_id).exists()


def test_a_name_without_a_language_is_refused_naming_the_field(as_person, site_factory):
    site = site_factory()
    response = as_person("editor").post(url("name-create", site.ulid), {"text": "Nameless"})
    assert response.status_code == 400
    assert response.json()["field"] == "language"
    assert response.json()["detail"] == "language is required."
    blank = as_person("editor").post(url("name-create", site.ulid), {"text": "X", "language": ""})
    assert blank.status_code == 400 and blank.json()["field"] == "language"
    assert not Name.objects.filter(text__in=["Nameless", "X"]).exists()


def test_a_name_period_that_ends_before_it_begins_is_refused(as_person, site_factory):
    site = site_factory([("Bodbe", "en")])
    name = site.names.get()
    response = as_person("editor").patch(
        url("name-update", site.ulid, name.pk), {"in_use": "1900/1800"}
    )
    assert response.status_code == 400 and response.json()["field"] == "in_use"
    name.refresh_from_db()
    assert name.in_use == ""


@pytest.mark.parametrize("person", ["viewer", "assessor", "reviewer"])
def test_only_editors_change_names(as_person, site_factory, person):
    site = site_factory([("Bodbe", "en")])
    name = site.names.get()
    api = as_person(person)
    assert (
        api.post(url("name-create", site.ulid), {"text": "X", "language": "en"}).status_code == 403
    )
    assert api.patch(url("name-update", site.ulid, name.pk), {"text": "Y"}).status_code == 403
    assert api.delete(url("name-delete", site.ulid, name.pk)).status_code == 403
    assert list(site.names.values_list("text", flat=True)) == ["Bodbe"]


def test_a_name_of_another_site_is_a_404(as_person, site_factory):
    first, second = site_factory([("First", "en")]), site_factory([("Second", "en")])
    other = second.names.get()
    response = as_person("editor").patch(url("name-update", first.ulid, other.pk), {"text": "Z"})
    assert response.status_code == 404
