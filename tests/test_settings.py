from __future__ import annotations

import pytest

from tutela.env import SettingError, env_bool, env_int, env_str, persistent_secret


def test_it_refuses_a_yes_no_setting_it_cannot_read(monkeypatch):
    monkeypatch.setenv("TUTELA_DEBUG", "maybe")
    with pytest.raises(SettingError, match="TUTELA_DEBUG='maybe' is not a yes/no value"):
        env_bool("TUTELA_DEBUG")


def test_it_refuses_a_number_below_its_minimum(monkeypatch):
    monkeypatch.setenv("TUTELA_WORKERS", "0")
    with pytest.raises(SettingError, match="below the minimum"):
        env_int("TUTELA_WORKERS", 2, minimum=1)


def test_it_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TUTELA_SECRET_KEY_FILE", str(secret))
    assert env_str("TUTELA_SECRET_KEY") == "s3cret"


def test_it_says_which_secret_file_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTELA_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingError, match="TUTELA_SECRET_KEY_FILE names"):
        env_str("TUTELA_SECRET_KEY")


def test_a_generated_secret_is_kept_across_restarts(tmp_path):
    first = persistent_secret(tmp_path, "secret_key")
    assert persistent_secret(tmp_path, "secret_key") == first
    assert len(first) > 40


def test_postgis_reads_are_prepared_unless_a_pooler_forbids_it(monkeypatch):
    from tutela import settings

    monkeypatch.setenv("TUTELA_DATABASE_URL", "postgis://tutela@127.0.0.1:5432/tutela")
    options = settings._database()["OPTIONS"]
    assert options["prepare_threshold"] == 0
    assert "plan_cache_mode=force_generic_plan" in options["options"]
    assert "jit=off" in options["options"]
    monkeypatch.setenv("TUTELA_DB_PREPARED_STATEMENTS", "false")
    options = settings._database()["OPTIONS"]
    assert options["prepare_threshold"] is None
    assert options["options"] == "-c jit=off"


@pytest.mark.parametrize("logged", [True, False])
def test_serve_writes_an_access_log_unless_a_proxy_does(monkeypatch, settings, logged):
    from tutela import cli

    settings.TUTELA_ACCESS_LOG = logged
    settings.TUTELA_START_WORKER = False

    class Started(Exception):  # stands for execv, which does not return
        pass

    def execv(path: str, argv: list[str]) -> None:
        raise Started(argv)

    monkeypatch.setattr(cli.os, "execv", execv)
    with pytest.raises(Started) as started:
        cli.serve()
    [argv] = started.value.args
    assert argv[2:4] == ["gunicorn", "tutela.wsgi:application"]
    assert ("--access-logfile" in argv) is logged


def test_the_default_data_folder_is_the_checkouts_whatever_the_working_directory(
    monkeypatch, tmp_path
):
    from tutela import settings
    from tutela.env import data_home

    monkeypatch.delenv("TUTELA_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert data_home(settings.PACKAGE_DIR) == settings.CHECKOUT_DIR / "var"


def test_an_installed_package_keeps_its_data_in_the_users_data_folder(monkeypatch, tmp_path):
    from tutela.env import data_home

    installed = tmp_path / "site-packages" / "tutela"
    installed.mkdir(parents=True)
    monkeypatch.delenv("TUTELA_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert data_home(installed) == tmp_path / "data" / "tutela"


def test_a_data_folder_given_is_used_as_given(monkeypatch, tmp_path):
    from tutela import settings
    from tutela.env import data_home

    monkeypatch.setenv("TUTELA_HOME", str(tmp_path / "elsewhere"))
    assert data_home(settings.PACKAGE_DIR) == tmp_path / "elsewhere"
