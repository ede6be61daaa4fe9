"""What the repository itself must never hold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def tracked_files() -> list[str]:
    # The suite runs from a clone (make test, CI): without git or .git this test could not
    # look, so it says so rather than passing.
    assert shutil.which("git") is not None, "git is needed to list the tracked files"
    assert (CHECKOUT / ".git").exists(), f"{CHECKOUT} is not a git checkout"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=CHECKOUT, capture_output=True, check=True
    ).stdout.decode()
    return [path for path in listed.split("\0") if path]


def test_no_data_folder_is_tracked():
    # A var/ folder is a TUTELA_HOME: a database, uploads, a secret key (one was committed once).
    tracked = [path for path in tracked_files() if "var" in Path(path).parts]
    assert tracked == [], f"files of a data folder are tracked in git: {tracked}"
