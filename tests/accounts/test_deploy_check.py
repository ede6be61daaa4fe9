"""`tutela manage check --deploy` finds nothing to warn about in production settings."""

from __future__ import annotations

from tests.accounts.production import settings_in, tutela


def test_the_deploy_check_is_clean_in_production_settings(tmp_path):
    done = tutela(tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    # gis.W001 stays silenced (GDAL 3.6, see settings.py); nothing else is.
    assert "System check identified no issues (1 silenced)." in done.stdout


def test_only_the_gdal_network_check_is_silenced(tmp_path):
    assert settings_in(tmp_path, ["SILENCED_SYSTEM_CHECKS"]) == {
        "SILENCED_SYSTEM_CHECKS": ["gis.W001"]
    }


def test_a_short_secret_key_is_caught(tmp_path):
    done = tutela(
        tmp_path,
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TUTELA_SECRET_KEY="short",
    )
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr
