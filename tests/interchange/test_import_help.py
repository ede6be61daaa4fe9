"""The import page says which columns it reads, its template imports as it is, and an import's
"See the sites" lists what that import wrote and nothing else."""

from __future__ import annotations

import pytest

from tests.conftest import make_person
from tutela.interchange.actions import do_import_sites
from tutela.interchange.columns import columns

pytestmark = pytest.mark.django_db


def test_the_template_is_the_declared_columns_and_imports_as_it_is(client, tmp_path):
    response = client.get("/import/template.csv")
    assert response["Content-Disposition"] == 'attachment; filename="tutela-sites-template.csv"'
    text = response.content.decode()
    header = text.splitlines()[0].split(",")
    assert header == [column.name.replace("<language>", "ka") for column in columns()]
    path = tmp_path / "template.csv"
    path.write_text(text, encoding="utf-8")
    report = do_import_sites(path, dry_run=True)
    # Every column read (none left to a mapping) and nothing wrong with the example.
    assert (report.problems, report.created) == ([], 1)


def test_the_import_page_lists_the_columns_it_reads(client, editor):
    client.force_login(editor)
    page = client.get("/import/").content.decode()
    assert '<a href="/import/template.csv" download>Download a CSV template</a>' in page
    assert "<code>lon</code> or <code>longitude</code>" in page
    assert "<code>admin_codes</code>" in page and "<code>danger_list</code>" in page


CSV = "national-register,name,lon,lat\nGE-S-1,Sioni,44.8075,41.6917\nGE-S-2,Jvari,44.729,41.838\n"


def test_see_the_sites_lists_what_the_import_created_or_changed(client, editor, tmp_path):
    do_import_sites(_csv(tmp_path, "first.csv", CSV), by=editor, source="Survey")
    # The same source: GE-S-2's own record stays as it was; only a name is added to it.
    changed = "national-register,name:en,lon,lat\nGE-S-2,Jvari Monastery,44.729,41.838\n"
    second = do_import_sites(
        _csv(tmp_path, "second.csv", changed + "GE-S-3,,44.8,41.7\n"), by=editor, source="Survey"
    )
    assert (second.created, second.updated) == (1, 1)
    client.force_login(editor)
    listed = client.get(f"/api/v1/sites?imported={second.audit_seq}").json()
    found = {identifier["value"] for item in listed["items"] for identifier in item["identifiers"]}
    assert found == {"GE-S-2", "GE-S-3"}
    page = client.get(f"/sites/?imported={second.audit_seq}")
    assert page.status_code == 200


def test_the_imported_filter_is_for_editors(client, editor, tmp_path):
    report = do_import_sites(_csv(tmp_path, "first.csv", CSV), by=editor)
    client.force_login(make_person("reader"))
    refused = client.get(f"/api/v1/sites?imported={report.audit_seq}")
    assert refused.status_code == 400
    assert "imported is a filter for registry editors and administrators only." in refused.text


def _csv(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
