"""Run ``tutela`` in a child process with production settings (settings are read at import)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

TUTELA = [sys.executable, "-m", "tutela.cli"]


def production_environment(home: Path, **overrides: str) -> dict[str, str]:
    """This process's environment without any TUTELA_* (so not the test database's either)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TUTELA_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # tests/conftest.py sets this for Playwright; a deployment must not (async.E001).
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(
        TUTELA_HOME=str(home),
        TUTELA_HTTPS="true",
        TUTELA_DEBUG="false",
        TUTELA_SECRET_KEY=secrets.token_urlsafe(64),
        TUTELA_ALLOWED_HOSTS="tutela.example.org",
    )
    environment.update(overrides)
    return environment


def tutela(home: Path, *args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TUTELA, *args],
        env=production_environment(home, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(home: Path, names: list[str], **overrides: str) -> dict[str, object]:
    """The named settings as a child process with that environment sees them."""
    import json

    code = (
        "import json, os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'tutela.settings'; "
        "django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=production_environment(home, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
