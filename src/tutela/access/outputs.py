"""The register of every output, so the leak test can prove none reveals a protected location.

Each app lists its URLs in an ``outputs.py`` module: ``register(url_name, build)`` where
``build(case)`` returns the addresses to fetch for a :class:`LeakCase` (a restricted and a
confidential site with monitoring records and evidence), or ``exempt(url_name, why)`` for URLs
that carry no site data. tests/access/test_leaks.py fails when a URL of the project is in
neither list, so a new endpoint cannot ship without joining the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass
class LeakCase:
    """What an output may be asked about: filled in by the leak test's fixture."""

    restricted_site: Any
    confidential_site: Any
    assessments: list[Any] = field(default_factory=list)
    incidents: list[Any] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)


Builder = Callable[[LeakCase], list[str]]
OUTPUTS: dict[str, Builder] = {}
EXEMPT: dict[str, str] = {}


def register(url_name: str, build: Builder) -> None:
    OUTPUTS[url_name] = build


def exempt(url_name: str, why: str) -> None:
    EXEMPT[url_name] = why


# Project-level URLs that carry no site data.
exempt("set_language", "switches the interface language")
exempt("login", "login form")
exempt("logout", "logs out")


def load_all() -> None:
    """Import every installed app's ``outputs`` module."""
    autodiscover_modules("outputs")
