"""Read Tutela's settings from ``TUTELA_*`` environment variables.

Every helper fails at start-up with a sentence naming the variable, so a typo in a deployment
is found when the server starts, not when a page first needs the value.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class SettingError(RuntimeError):
    pass


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None else None


def env_str(name: str, default: str = "") -> str:
    """A string, also readable from the file named by ``<name>_FILE`` (for secrets)."""
    file_name = _raw(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SettingError(
                f"{name}_FILE names {file_name!r}, which cannot be read: {error}"
            ) from None
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name}={value!r} is not a yes/no value; use true or false.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def persistent_secret(home: Path, name: str) -> str:
    """A secret generated once and kept in ``home`` so restarts keep sessions valid."""
    path = home / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret


def data_home(package_dir: Path) -> Path:
    """Tutela's data folder: ``TUTELA_HOME``, else ``var/`` in the source checkout, else the
    user's data folder (``$XDG_DATA_HOME/tutela``).

    The default is found from where the package lives, never from the working directory, so
    ``tutela`` started from any folder opens the same database.
    """
    explicit = env_str("TUTELA_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve()
    checkout = package_dir.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "tutela").is_dir():
        return checkout / "var"
    user_data = _raw("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(user_data).expanduser().resolve() / "tutela"
