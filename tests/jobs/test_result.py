"""A job's result file: a download for its owner (and administrators), nobody else."""

from __future__ import annotations

import base64
import hashlib

import pytest

from tests.jobs.conftest import queue_tally
from tutela.jobs.actions import run_job
from tutela.jobs.files import result_path

pytestmark = pytest.mark.django_db

EXPECTED = b"counted 1\ncounted 2\n"


@pytest.fixture
def finished(owner):
    job = queue_tally(owner, up_to=2)
    run_job("tally", job.pk)
    job.refresh_from_db()
    return job


def test_the_owner_downloads_the_result_as_an_attachment(client, owner, finished):
    client.force_login(owner)
    response = client.get(f"/jobs/tally/{finished.pk}/result")
    assert response.status_code == 200 and b"".join(response.streaming_content) == EXPECTED
    assert response["Content-Disposition"] == 'attachment; filename="tally_of_2.txt"'
    assert response["Cache-Control"] == "private, no-store"
    digest = base64.b64encode(hashlib.sha256(EXPECTED).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    assert finished.result_sha256 == hashlib.sha256(EXPECTED).hexdigest()


def test_another_person_gets_nothing(client, outsider, finished):
    client.force_login(outsider)
    assert client.get(f"/jobs/tally/{finished.pk}/result").status_code == 404
    client.logout()
    assert client.get(f"/jobs/tally/{finished.pk}/result").url.startswith("/login/")


def test_an_administrator_may_download_it(client, people, finished):
    client.force_login(people["admin"])
    assert client.get(f"/jobs/tally/{finished.pk}/result").status_code == 200


def test_a_job_without_a_result_or_whose_file_is_gone_has_none(client, owner, finished):
    client.force_login(owner)
    waiting = queue_tally(owner)
    assert client.get(f"/jobs/tally/{waiting.pk}/result").status_code == 404
    result_path(finished).unlink()
    assert client.get(f"/jobs/tally/{finished.pk}/result").status_code == 404
