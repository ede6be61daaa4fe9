"""The condition-assessment XLSForm: valid for pyxform, in every interface language, and built
from the vocabularies in the database, so its choices are the terms Tutela knows."""

from __future__ import annotations

import pytest

from tutela.interchange.field_form import (
    SHIPPED_FORM,
    build_field_form,
    languages,
    read_xlsx,
    write_xlsx,
)
from tutela.monitoring.models import DisturbanceCause, SchemeValue

pytestmark = pytest.mark.django_db


def convert(data: bytes):
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=data, warnings=warnings, file_type=".xlsx")
    return result, warnings


# pyxform suggests max-pixels for every image question, so phones shrink photos before sending.
# Tutela keeps evidence as taken (a court may need the detail), so the form deliberately has none.
FULL_SIZE_PHOTOS = "Use the max-pixels parameter"


def test_it_converts_with_pyxform_without_errors_or_warnings():
    result, warnings = convert(write_xlsx(build_field_form()))
    assert [warning for warning in warnings if FULL_SIZE_PHOTOS not in warning] == []
    assert "<h:title>Tutela condition assessment</h:title>" in result.xform
    for name in ("site_code", "location", "observed_on", "method", "eamena_condition", "photo"):
        assert f"/{name}" in result.xform


def test_it_labels_every_question_and_choice_in_every_interface_language():
    form = build_field_form()
    headers = form.survey[0]
    assert "label::English (en)" in headers
    for code in ("az", "hy", "ka", "ru"):
        assert any(header.endswith(f"({code})") for header in headers if header.startswith("label"))
    label_columns = [i for i, header in enumerate(form.choices[0]) if header.startswith("label::")]
    assert len(label_columns) == len(languages()) == 5
    assert all(row[i] for row in form.choices[1:] for i in label_columns)
    russian = headers.index("label::Russian (ru)")
    site_code = next(row for row in form.survey if row[1] == "site_code")
    assert site_code[russian] == "Код или идентификатор объекта"


def test_it_offers_exactly_the_active_terms_of_the_database():
    SchemeValue.objects.filter(code="eamena-condition:fair").update(active=False)
    cause = DisturbanceCause.objects.get(code="shelling")
    cause.labels = {"ka": "დაბომბვა"}
    cause.save()
    form = build_field_form()
    condition = [row[1] for row in form.choices if row[0] == "eamena_condition"]
    assert condition == ["good", "poor", "very-bad", "destroyed", "unknown"]
    header = form.choices[0]
    shelling = next(row for row in form.choices if row[:2] == ["disturbance_cause", "shelling"])
    assert shelling[header.index("label::Georgian (ka)")] == "დაბომბვა"
    assert shelling[header.index("label::Armenian (hy)")] == "Shelling or artillery"
    assert shelling[header.index("category")] == "armed-conflict"


def test_it_writes_the_same_bytes_for_the_same_vocabularies():
    assert write_xlsx(build_field_form()) == write_xlsx(build_field_form())


def test_the_shipped_form_is_the_one_the_seeded_vocabularies_give():
    # Regenerate with: tutela field-form src/tutela/interchange/forms/condition_assessment.xlsx
    # on a freshly migrated database.
    assert SHIPPED_FORM.read_bytes() == write_xlsx(build_field_form())


FORM_URL = "/monitoring/field-form.xlsx"


def test_a_contributor_downloads_the_form_built_from_the_vocabularies_now(client, people):
    client.force_login(people["assessor"])
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tutela_condition_assessment.xlsx"'
    )
    assert read_xlsx(response.content) == read_xlsx(write_xlsx(build_field_form()))


@pytest.mark.parametrize("person, status", [("viewer", 403), (None, 302)])
def test_only_contributors_download_the_form(client, people, person, status):
    if person:
        client.force_login(people[person])
    assert client.get(FORM_URL).status_code == status


def test_the_assessment_page_links_the_form_in_the_readers_language(client, people, site_factory):
    site = site_factory([("Svetitskhoveli", "en")])
    client.force_login(people["assessor"])
    response = client.get(f"/sites/{site.ulid}/assess/", HTTP_ACCEPT_LANGUAGE="ru")
    # A Russian page links the Russian form (tutela/web/languages.py).
    assert f'href="/ru{FORM_URL}"' in response.text
    assert "Полевая форма для KoboToolbox или ODK Collect (XLSX)" in response.text


def test_made_for_a_selection_the_form_offers_its_sites_by_name_in_each_language(
    client, people, site_factory
):
    cathedral = site_factory([("Svetitskhoveli Cathedral", "en"), ("სვეტიცხოველი", "ka")])
    site_factory([("Jvari Monastery", "en")])
    client.force_login(people["assessor"])
    response = client.get(FORM_URL + "?name=svetitskhoveli")
    assert response.status_code == 200
    form = read_xlsx(response.content)
    header = form["choices"][0]
    listed = [row for row in form["choices"] if row[0] == "sites"]
    assert [row[1] for row in listed] == [cathedral.code]
    assert listed[0][header.index("label::Georgian (ka)")] == f"სვეტიცხოველი ({cathedral.code})"
    assert listed[0][header.index("label::English (en)")] == (
        f"Svetitskhoveli Cathedral ({cathedral.code})"
    )
    site_code = next(row for row in form["survey"] if row[1] == "site_code")
    assert site_code[0] == "select_one sites"
    assert "autocomplete" in site_code
    result, warnings = convert(response.content)
    assert [warning for warning in warnings if FULL_SIZE_PHOTOS not in warning] == []
    assert cathedral.code in result.xform


@pytest.mark.parametrize(
    "query, said",
    [("?name=nowhere-at-all", "holds no site"), ("?colour=red", "colour")],
)
def test_a_selection_the_form_cannot_list_is_refused_with_a_sentence(
    client, people, site_factory, query, said
):
    site_factory([("Jvari Monastery", "en")])
    client.force_login(people["assessor"])
    response = client.get(FORM_URL + query)
    assert response.status_code == 400
    assert said in response.text
