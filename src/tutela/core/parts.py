"""What an app declares of itself for the layers that serve every app.

An app sets ``parts = AppParts(...)`` on its AppConfig. History versions the models of the apps
that ask for it, refuses to hard-delete the records they keep as evidence, and the admin opens
each app's part to the capability it names; none of them lists apps. An app's outputs for the
leak test, and its part of the leak case, are declared in its own ``outputs.py``
(``tutela.access.outputs``); what its writes invalidate, by following recorded changes
(``tutela.history.recording.follow``) in its ``ready()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class AppParts:
    # Every concrete model of the app is versioned, restorable and on the audit chain.
    versioned: bool = False
    # Model names (lower case) whose records may serve as evidence: deleted only by marking.
    kept_as_evidence: tuple[str, ...] = ()
    # Model names (lower case) of read models the app keeps from its records (a site's
    # current condition): rewritten by the writes they follow, never versioned themselves.
    kept: tuple[str, ...] = ()
    # The capability (tutela.access.roles.Capability value) that opens the app in the admin;
    # an app that says nothing is for administrators only.
    admin_capability: str = "manage-access"


NOTHING_DECLARED = AppParts()


def parts_of(config: AppConfig) -> AppParts:
    declared = getattr(config, "parts", NOTHING_DECLARED)
    if not isinstance(declared, AppParts):
        raise TypeError(f"{config.name}: AppConfig.parts must be an AppParts, not {declared!r}")
    return declared


# Asked on every save; the installed apps do not change once loaded.
@cache
def versioned_apps() -> tuple[str, ...]:
    """Labels of the installed apps whose models history keeps."""
    return tuple(config.label for config in apps.get_app_configs() if parts_of(config).versioned)


@cache
def evidence_models() -> frozenset[str]:
    """``app_label.model`` of every model whose records are kept as evidence."""
    return frozenset(
        f"{config.label}.{name}"
        for config in apps.get_app_configs()
        for name in parts_of(config).kept_as_evidence
    )
