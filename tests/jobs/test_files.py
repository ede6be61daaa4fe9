"""The job's folder: names safe to store, and progress written whole or not at all."""

from __future__ import annotations

import json

import pytest

from tests.jobs.conftest import queue_tally
from tutela.jobs.files import job_folder, safe_name, write_progress


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("../../etc/sites.csv", "sites.csv"),
        ("my sites.osm.pbf", "my_sites.osm.pbf"),
        ("???", "upload"),
    ],
)
def test_a_stored_name_keeps_no_folders_and_its_endings(uploaded, stored):
    assert safe_name(uploaded) == stored


@pytest.mark.django_db
def test_progress_replaces_the_file_and_leaves_no_temporary_one(owner, jobs_root):
    job = queue_tally(owner)
    write_progress(job, 7, 9)
    folder = job_folder(job)
    assert folder == jobs_root / "tally" / str(job.pk)
    assert json.loads((folder / "progress.json").read_text()) == {
        "started": None,
        "done": 7,
        "total": 9,
    }
    assert [path.name for path in folder.iterdir()] == ["progress.json"]
