"""Schemathesis over the cooperation operations as a programme officer, among real records:
test_fuzz.py fuzzes as an editor, to whom every cooperation write is refused, and meets no
cooperation records to read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.api.test_fuzz import (  # noqa: F401 (fixtures used by name)
    CHECKS,
    SCHEMATHESIS,
    config,
    monitoring_vocabularies,
    prompt_live_server,
)
from tests.cooperation.factories import make_world
from tutela.api.tokens import issue_token

COOPERATION_PATHS = "^/api/v1/(partners|agreements|projects|events)"


@pytest.mark.usefixtures("prompt_live_server", "monitoring_vocabularies")
def test_fuzzing_the_cooperation_api_as_an_officer_finds_no_server_error(
    live_server, people, tmp_path
):
    world = make_world(people["assessor"])
    records = {
        "sites": [site.ulid for site in world.sites],
        "evidence": ["01ARZ3NDEKTSV4RRFFQ69G5FAV"],
        "records": [
            world.ministry.pk,
            world.ngo.pk,
            world.project.pk,
            world.agreement.pk,
            world.event.pk,
        ],
    }
    (tmp_path / "schemathesis.toml").write_text(config(records))
    token = issue_token(world.officer, "fuzzing")
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(tmp_path / "schemathesis.toml"),
        "run",
        f"{live_server.url.replace('localhost', '127.0.0.1')}/api/v1/openapi.json",
        "--include-path-regex",
        COOPERATION_PATHS,
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("TUTELA_FUZZ_EXAMPLES", "8"),
        "--seed",
        os.environ.get("TUTELA_FUZZ_SEED", "20261129"),
        "--phases",
        os.environ.get("TUTELA_FUZZ_PHASES", "examples,coverage,fuzzing"),
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--suppress-health-check",
        "all",
        "--max-failures",
        "5",
        "--report-dir",
        str(tmp_path),
        "--header",
        f"Authorization: Bearer {token}",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=Path(tmp_path),
    )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "generated" in result.stdout and " 0 failed" not in result.stdout, report
