"""A refusal raised deep below an output comes out of every output with its status and sentence.

The refusal is raised where no output is in sight — the site filter's check, an exporter's
writing — with a status no parameter of these requests would cause (403), so a pass cannot come
from an output's own refusal.
"""

from __future__ import annotations

import pytest

from tests.api.helpers import url
from tutela.api.errors import ApiError
from tutela.cli import main
from tutela.core.errors import Refused
from tutela.evidence.media import EvidenceRefused
from tutela.interchange.exporters import BadExportRequest
from tutela.monitoring.workflow import ReviewRefused
from tutela.ogc.errors import bad_request
from tutela.site_filter import FilterError
from tutela.spatial.bbox import BBoxError

pytestmark = pytest.mark.django_db

SENTENCE = "This filter is closed to you; ask an editor."


def refuse(*args: object, **kwargs: object) -> None:
    raise Refused(403, SENTENCE, "access_level")


@pytest.fixture
def filter_refuses(monkeypatch) -> None:
    # parse() looks check() up when called: every output's filter goes through it.
    monkeypatch.setattr("tutela.site_filter.checks.check", refuse)


@pytest.fixture
def exporter_refuses(monkeypatch) -> None:
    monkeypatch.setattr("tutela.interchange.exporters.geojson.GeoJsonExporter.write", refuse)


def test_the_api_answers_it_with_its_status_sentence_and_field(client, filter_refuses):
    response = client.get(url("site-list"))
    assert response.status_code == 403
    assert response.json() == {
        "detail": SENTENCE,
        "field": "access_level",
        "errors": [{"field": "access_level", "message": SENTENCE}],
    }


def test_ogc_api_answers_it_as_the_exception_document_with_its_status(client, filter_refuses):
    response = client.get("/ogc/collections/sites/items?f=json")
    assert response.status_code == 403
    assert response.json() == {"code": "Forbidden", "description": SENTENCE}


def test_the_export_download_answers_it_with_its_status_and_sentence(client, exporter_refuses):
    response = client.get("/export/sites.geojson")
    assert response.status_code == 403
    assert response.content.decode() == f"access_level: {SENTENCE}\n"


def test_the_export_command_says_it_naming_the_option(tmp_path, capsys, exporter_refuses):
    with pytest.raises(SystemExit) as exited:
        main(["export", str(tmp_path / "sites.geojson")])
    assert exited.value.code == 1
    assert f"--access-level: {SENTENCE}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_each_refusal_carries_the_status_its_outputs_answered_before() -> None:
    expected = [
        (FilterError("type", "x"), 400, "type"),
        (BadExportRequest("format", "x"), 400, "format"),
        (BBoxError("x"), 400, "bbox"),
        (EvidenceRefused("x"), 400, "files"),
        (ReviewRefused("x"), 400, None),
        (ReviewRefused("x", forbidden=True), 403, None),
        (ApiError(409, "x", "ulid"), 409, "ulid"),
        (bad_request("x"), 400, None),
    ]
    for refusal, status, field in expected:
        assert isinstance(refusal, Refused)
        assert (refusal.status, refusal.message, refusal.field) == (status, "x", field), refusal
