"""`tutela verify` as an operator runs it: 0 on a clean database, 1 after tampering."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

TUTELA = [sys.executable, "-m", "tutela.cli"]


def test_verify_exits_0_when_clean_and_1_after_tampering(tmp_path: Path):
    home = tmp_path / "home"
    environment = {**os.environ, "TUTELA_HOME": str(home)}
    for name in ("DJANGO_SETTINGS_MODULE", "TUTELA_DATABASE_URL"):
        environment.pop(name, None)  # a SpatiaLite database of its own, whatever the test run
    run = lambda *args: subprocess.run(  # noqa: E731
        [*TUTELA, *args], env=environment, capture_output=True, text=True, timeout=120
    )
    assert run("manage", "migrate", "--no-input", "-v0").returncode == 0

    head_file = tmp_path / "head.json"
    clean = run("verify", "--export-head", str(head_file))
    assert clean.returncode == 0, clean.stderr
    assert "audit chain of" in clean.stderr and "all 0 stored files match" in clean.stderr
    head = json.loads(head_file.read_text())
    assert set(head) == {"seq", "entry_hash", "at", "exported_at"} and head["seq"] > 0
    assert run("verify", "--head", str(head_file)).returncode == 0

    with sqlite3.connect(home / "tutela.sqlite3") as database:
        database.execute("UPDATE registry_sitetype SET label = 'Forged' WHERE code = 'church'")
    tampered = run("verify", "--head", str(head_file), "--export-head", str(tmp_path / "new.json"))
    assert tampered.returncode == 1
    assert "the row differs from its latest version 1 in fields label" in tampered.stderr
    assert not (tmp_path / "new.json").exists()  # no head is exported from a broken history
