"""The register of every output, so the leak test can prove none reveals a protected location.

Each app lists its URLs in an ``outputs.py`` module: ``register(url_name, build)`` where
``build(case)`` returns the addresses to fetch for a :class:`LeakCase` (a restricted and a
confidential site with records attached), or ``exempt(url_name, why)`` for URLs that carry no
site data. tests/access/test_leaks.py fails when a URL of the project is in neither list, so a
new endpoint cannot ship without joining the test.

An app whose records attach to sites also says what it adds to the case: ``leak_part(name,
make)``, where ``make(case)`` creates its records on both protected sites, keeps them in
``case.records`` (read back as ``case.<name>``) and returns what would betray each site if an
output showed it (``{"confidential": [...], "restricted": [...]}``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass
class LeakCase:
    """What an output may be asked about: the two protected sites, and every app's records on
    them by name (``case.assessments`` is ``case.records["assessments"]``)."""

    restricted_site: Any
    confidential_site: Any
    records: dict[str, list[Any]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> list[Any]:
        records: dict[str, list[Any]] = self.__dict__.get("records", {})
        if name in records:
            return records[name]
        raise AttributeError(f"the leak case holds no {name!r}; a leak_part must make them")


Builder = Callable[[LeakCase], list[str]]
Secrets = dict[str, list[str]]
LeakPart = Callable[[LeakCase], Secrets | None]
OUTPUTS: dict[str, Builder] = {}
EXEMPT: dict[str, str] = {}
LEAK_PARTS: dict[str, LeakPart] = {}
# Levels of an app's secrets that some readers may see (a programme officer a partner's
# contacts): name → whether a reader sees it. Every level not named is secret from every
# reader of the leak test.
SEEN_BY: dict[str, Callable[[Any], bool]] = {}


def register(url_name: str, build: Builder) -> None:
    OUTPUTS[url_name] = build


def exempt(url_name: str, why: str) -> None:
    EXEMPT[url_name] = why


def leak_part(name: str, make: LeakPart) -> None:
    """An app's records for the leak case, made after the ones registered before it."""
    LEAK_PARTS[name] = make


def secret_level(name: str, seen_by: Callable[[Any], bool]) -> None:
    """Name a level of secrets that readers for whom ``seen_by`` holds may see."""
    SEEN_BY[name] = seen_by


def add_parts(case: LeakCase) -> Secrets:
    """Have every app make its part of the case; what each part's outputs must never show."""
    secrets: Secrets = {}
    for make in LEAK_PARTS.values():
        for level, needles in (make(case) or {}).items():
            secrets.setdefault(level, []).extend(needles)
    return secrets


# Project-level URLs that carry no site data.
exempt("set_language", "switches the interface language")
exempt("login", "login form")
exempt("logout", "logs out")


def load_all() -> None:
    """Import every installed app's ``outputs`` module."""
    autodiscover_modules("outputs")
