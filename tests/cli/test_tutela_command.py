"""The `tutela` command as `make demo` runs it: set up, load the demo, serve with gunicorn."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tutela.cli import demo_accounts

TUTELA = [sys.executable, "-m", "tutela.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_demo_accounts_are_created_once_and_their_passwords_kept(settings, tmp_path):
    settings.HOME = tmp_path
    first = demo_accounts()
    again = demo_accounts()
    assert [name for name, _, _ in first] == [
        "admin",
        "editor",
        "reviewer",
        "assessor",
        "viewer",
        "officer",
    ]
    assert first == again
    credentials = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    from django.contrib.auth import authenticate

    username, password, _ = first[1]
    user = authenticate(username=username, password=password)
    assert user is not None and not user.is_superuser
    from tutela.access.roles import Capability, can

    assert can(user, Capability.EDIT_REGISTRY) and can(user, Capability.USE_ADMIN)


def test_the_command_sets_up_loads_the_demo_and_serves(tmp_path: Path):
    environment = {**os.environ, "TUTELA_HOME": str(tmp_path / "home")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*TUTELA, "setup"], env=environment, check=True, capture_output=True)
    loaded = subprocess.run(
        [*TUTELA, "load-demo"], env=environment, check=True, capture_output=True, text=True
    )
    assert "1939 sites created" in loaded.stderr or "already present" in loaded.stderr
    again = subprocess.run(
        [*TUTELA, "load-demo"], env=environment, check=True, capture_output=True, text=True
    )
    assert "0 sites created" in again.stderr

    port = free_port()
    environment["TUTELA_BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [*TUTELA, "serve"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        health = _get(f"http://127.0.0.1:{port}/healthz", wait=90)  # a loaded CI machine
        assert b'"status": "ok"' in health
        listing = _get(f"http://127.0.0.1:{port}/sites/?q=bodbe").decode()
        assert "Bodbe Monastery" in listing
        script = _get(f"http://127.0.0.1:{port}/static/vendor/maplibre-gl/maplibre-gl.js")
        assert len(script) > 100_000
    finally:
        server.terminate()
        server.wait(timeout=60)


def _get(url: str, wait: float = 0) -> bytes:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own http://127.0.0.1
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.django_db
def test_demo_roles_can_do_what_their_description_says(settings, tmp_path):
    from django.contrib.auth.models import User

    from tutela.monitoring.permissions import can_contribute, can_review

    settings.HOME = tmp_path
    demo_accounts()
    reviewer, assessor, viewer = (
        User.objects.get(username=name) for name in ("reviewer", "assessor", "viewer")
    )
    assert can_review(reviewer) and can_contribute(reviewer)
    assert can_contribute(assessor) and not can_review(assessor)
    assert not can_contribute(viewer)


def test_verify_checks_an_empty_store_and_says_so(tmp_path: Path):
    environment = {**os.environ, "TUTELA_HOME": str(tmp_path / "home")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*TUTELA, "setup"], env=environment, check=True, capture_output=True)
    empty = subprocess.run([*TUTELA, "verify"], env=environment, capture_output=True, text=True)
    assert empty.returncode == 0 and "all 0 stored files match" in empty.stderr


QUEUE_AN_IMPORT = """
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from tutela.access.models import Membership, Organisation
from tutela.interchange.jobs import do_queue_import
editor = User.objects.create_user("cli_editor")
team = Organisation(name="CLI team")
team.save()
Membership(user=editor, organisation=team, role="editor").save()
rows = b"national-register,name,lon,lat\\nGE-CLI-1,Jvari,44.7,41.8\\n"
do_queue_import(SimpleUploadedFile("one.csv", rows), by=editor)
"""
JOB_STATUS = (
    "from tutela.interchange.models import ImportJob; "
    "print(*ImportJob.objects.values_list('phase', 'status').get())"
)


def _children(pid: int) -> set[int]:
    found = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat_file.parent.name))
    return found


def test_serve_runs_the_background_worker_and_stops_it(tmp_path: Path):
    """What `make demo` gives a fresh clone: an uploaded import is checked with no other command."""
    environment = {**os.environ, "TUTELA_HOME": str(tmp_path / "home")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*TUTELA, "setup"], env=environment, check=True, capture_output=True)
    subprocess.run(
        [*TUTELA, "manage", "shell", "--no-imports", "-c", QUEUE_AN_IMPORT],
        env=environment,
        check=True,
    )
    environment["TUTELA_BIND"] = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [*TUTELA, "serve"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        status = ""
        while time.monotonic() < deadline and status != "check succeeded":
            time.sleep(1)
            status = subprocess.run(
                [*TUTELA, "manage", "shell", "--no-imports", "-c", JOB_STATUS],
                env=environment,
                capture_output=True,
                text=True,
            ).stdout.strip()
        assert status == "check succeeded"
        children = _children(server.pid)
        assert len(children) == 2  # gunicorn and the worker
    finally:
        server.terminate()
        server.wait(timeout=90)  # serve itself may take 40 s: 10 for gunicorn, 30 for the worker
    assert server.returncode is not None
    # serve waits for both before it exits: neither is left running (nor a zombie).
    assert not any(Path(f"/proc/{child}").exists() for child in children)
