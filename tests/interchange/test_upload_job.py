"""Imports uploaded through the browser: stored, checked by the real worker, confirmed, imported.

The worker is django-tasks' own database worker in its burst mode (``db_worker --batch``),
reading the queue from the database, so these tests are transactional: the worker claims a
task in a transaction of its own, as it does beside the server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from tests.conftest import make_person, task_worker
from tests.interchange.conftest import csv_text, database_state, demo_rows
from tutela.history.models import AuditEntry
from tutela.history.snapshot import tracked_models
from tutela.interchange import jobs
from tutela.interchange.models import ImportJob
from tutela.jobs.files import job_folder
from tutela.registry.models import Site

pytestmark = pytest.mark.django_db(transaction=True)


def work_off_queue() -> None:
    """What `tutela worker --batch` does: every queued task, then stop (no signal handlers)."""
    task_worker(batch=True, interval=0, worker_id="test-worker").run()


def upload(client, name: str, content: bytes, **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post("/import/", data)


def sites_csv(count: int = 12) -> bytes:
    return csv_text(demo_rows(count)).encode()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def mapping_file(osm_mapping: Path):
    return SimpleUploadedFile("osm.mapping.yaml", osm_mapping.read_bytes())


def test_it_checks_then_imports_through_the_worker(editor_client, mapping_file, editor):
    response = upload(editor_client, "osm.csv", sites_csv(12), mapping=mapping_file)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/import/{job.pk}/"
    assert (job.status, job.phase, job.owner) == ("queued", "check", editor)
    waiting = editor_client.get(response.url).content.decode()
    assert "Waiting for the worker" in waiting
    # Without scripts the page refreshes itself, and says how to follow the job by hand.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in waiting
    assert "Reload this page to see how far it is" in waiting
    assert Site.objects.count() == 0  # the request read nothing: the worker does

    work_off_queue()
    job.refresh_from_db()
    assert (job.status, job.phase) == ("succeeded", "check")
    assert job.report["counts"]["created"] == 12 and job.report["dry_run"] is True
    assert Site.objects.count() == 0 and not AuditEntry.objects.filter(action="import")
    page = editor_client.get(response.url).content.decode()
    assert "Nothing has been changed yet" in page
    assert "Import 12 sites" in page

    editor_client.post(f"/import/{job.pk}/confirm/")
    editor_client.post(f"/import/{job.pk}/confirm/")  # a second click queues nothing more
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    work_off_queue()
    job.refresh_from_db()
    assert (job.status, job.phase) == ("succeeded", "import")
    assert Site.objects.count() == 12
    entry = AuditEntry.objects.get(action="import")
    assert job.audit_seq == entry.seq and entry.actor == editor
    assert entry.detail["sha256"]["osm.csv"] == job.sha256
    page = editor_client.get(response.url).content.decode()
    assert "The file was imported" in page and f"entry {entry.seq} of the audit log" in page
    assert job.checked_counts["created"] == 12


def test_a_refused_file_changes_nothing_and_shows_file_row_and_field(editor_client, site_factory):
    site_factory([("Jvari", "en")])
    before = database_state()
    broken = b"national-register,name,lon,lat\nGE-1,Jvari,44.7,41.8\nGE-2,Sioni,44.8,east\n"
    upload(editor_client, "broken.csv", broken)
    work_off_queue()
    job = ImportJob.objects.get()
    assert job.status == "refused"
    page = editor_client.get(f"/import/{job.pk}/").content.decode()
    assert "Nothing was changed" in page
    assert "<td>broken.csv</td><td>3</td><td>lat</td>" in page
    assert "&quot;east&quot; is not a number." in page
    assert "Import " not in page.split("Problems to fix")[1].split("</section>")[0]
    editor_client.post(f"/import/{job.pk}/confirm/")
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert database_state() == before


def test_a_file_changed_between_check_and_import_is_refused(editor_client, mapping_file):
    upload(editor_client, "osm.csv", sites_csv(5), mapping=mapping_file)
    work_off_queue()
    job = ImportJob.objects.get()
    stored = jobs.stored_file(job)
    stored.write_bytes(stored.read_bytes().replace(b"place_of_worship", b"place_of_wership"))
    before = database_state()
    editor_client.post(f"/import/{job.pk}/confirm/")
    work_off_queue()
    job.refresh_from_db()
    assert (job.status, job.phase) == ("refused", "import")
    assert "osm.csv changed after it was checked" in job.error
    assert database_state() == before
    page = editor_client.get(f"/import/{job.pk}/").content.decode()
    assert "The import was refused. Nothing was changed." in page
    assert "Sites created" not in page  # the check's counts were of another file


def test_it_refuses_anyone_who_may_not_edit_the_registry(client, people):
    assert client.get("/import/").url.startswith("/login/")
    client.force_login(people["reviewer"])
    assert client.get("/import/").status_code == 403
    assert upload(client, "osm.csv", sites_csv(2)).status_code == 403
    assert not ImportJob.objects.exists()


def test_only_the_owner_and_administrators_see_a_job(client, editor, people):
    client.force_login(editor)
    upload(client, "osm.csv", sites_csv(2))
    job = ImportJob.objects.get()
    other_editor = make_person("other_editor", "editor")
    client.force_login(other_editor)
    for url in (f"/import/{job.pk}/", f"/import/{job.pk}/status.json"):
        assert client.get(url).status_code == 404
    assert client.post(f"/import/{job.pk}/confirm/").status_code == 404
    assert job.file_name not in client.get("/import/").content.decode()
    client.force_login(people["admin"])
    assert client.get(f"/import/{job.pk}/").status_code == 200


def test_the_status_endpoint_reports_progress_and_nothing_else(editor_client):
    rows = "".join(f"GE-{n},Church {n},44.{n}1,41.{n}2\n" for n in range(3))
    upload(editor_client, "own.csv", f"national-register,name,lon,lat\n{rows}".encode())
    job = ImportJob.objects.get()
    queued = editor_client.get(f"/import/{job.pk}/status.json").json()
    assert queued["status"] == "queued" and queued["finished"] is False
    work_off_queue()
    done = editor_client.get(f"/import/{job.pk}/status.json").json()
    assert set(done) == {
        "status",
        "status_label",
        "phase",
        "phase_label",
        "finished",
        "done",
        "total",
        "message",
        "per_second",
        "seconds_left",
        "pace",
    }
    assert done["finished"] is True and done["done"] == 3
    # The worker wrote its count beside the upload, outside the import's transaction.
    job.refresh_from_db()
    progress = json.loads((job_folder(job) / "progress.json").read_text())
    assert progress == {
        "started": job.started_at.isoformat(),
        "done": 3,
        "total": progress["total"],
    }


def test_it_says_how_big_an_upload_may_be(editor_client, settings):
    settings.TUTELA_IMPORT_UPLOAD_MAX_BYTES = 1000
    response = upload(editor_client, "osm.csv", sites_csv(40))
    assert response.status_code == 200
    page = response.content.decode()
    assert "an upload may be at most 1000\xa0bytes" in page
    assert 'class="field has-error"' in page and 'id="id_file_error"' in page
    assert not ImportJob.objects.exists()


def test_it_refuses_an_empty_file_and_a_name_it_cannot_read(editor_client):
    page = upload(editor_client, "sites.csv", b"").content.decode()
    assert "sites.csv is empty (0 bytes)" in page
    page = upload(editor_client, "sites.xls", b"a,b\n").content.decode()
    assert "Tutela cannot tell the format of sites.xls from its name" in page
    page = upload(editor_client, "sites.xls", b"a,b\n", format="csv").content.decode()
    assert not ImportJob.objects.filter(file_name="sites.xls", format="").exists()
    assert ImportJob.objects.filter(file_name="sites.xls", format="csv").exists()


def test_the_job_is_operational_state_not_tracked_history():
    assert ImportJob not in tracked_models()


def test_a_report_names_a_possible_duplicate_by_its_code_only(editor_client, site_factory):
    hidden = site_factory([("Church of the hidden icon", "en")], 44.123456, 41.987654, "restricted")
    near = b"national-register,name,lon,lat\nGE-9,Church of the hidden icon,44.1236,41.9877\n"
    upload(editor_client, "near.csv", near)
    work_off_queue()
    job = ImportJob.objects.get()
    assert job.report["duplicates"] == [
        {"file": "near.csv", "row": 2, "field": "", "name": "Church of the hidden icon",
         "other": hidden.code, "metres": job.report["duplicates"][0]["metres"]}
    ]  # fmt: skip
    page = editor_client.get(f"/import/{job.pk}/").content.decode()
    assert f"<td>{hidden.code}</td>" in page and "44.123456" not in page


def test_the_pages_are_translated(editor_client):
    upload(editor_client, "osm.csv", sites_csv(2))
    job = ImportJob.objects.get()
    form = editor_client.get("/import/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Загрузить и проверить" in form and "Файл с объектами" in form
    page = editor_client.get(f"/import/{job.pk}/", HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    assert "ველოდებით ფონური დამმუშავებლის გაშვებას…" in page
    status = editor_client.get(f"/import/{job.pk}/status.json", HTTP_ACCEPT_LANGUAGE="hy").json()
    assert status["status_label"] == "Հերթում"


def test_administrators_list_every_job_in_the_admin(client, people, editor):
    jobs.do_queue_import(SimpleUploadedFile("a.csv", b"x"), by=editor)
    client.force_login(people["admin"])
    listing = client.get("/admin/interchange/importjob/").content.decode()
    assert "a.csv" in listing
    client.force_login(editor)
    assert client.get("/admin/interchange/importjob/").status_code == 403


def test_the_form_offers_every_format_the_importer_reads():
    from tutela.interchange.importers import FORMATS
    from tutela.interchange.upload_form import FORMAT_CHOICES

    assert {value for value, _ in FORMAT_CHOICES if value} == set(FORMATS)
