"""The job kinds of the installed apps, found as the concrete subclasses of BackgroundJob.

An app brings a kind by defining one (models.py's docstring says what it declares); nothing
here names an app. A kind that declares no name, no work or a name another kind has is refused
when the kinds are first asked for, with a sentence naming the model.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from tutela.jobs.models import BackgroundJob

Work = Callable[[Any], None]


# The installed apps do not change once loaded.
@cache
def job_kinds() -> dict[str, type[BackgroundJob]]:
    """Every kind by its short name."""
    found: dict[str, type[BackgroundJob]] = {}
    for model in apps.get_models():
        if not issubclass(model, BackgroundJob) or model._meta.proxy:
            continue
        label = model._meta.label
        if not model.kind or not model.work:
            raise ImproperlyConfigured(f"{label}: a background job must declare kind and work.")
        if model.kind in found:
            other = found[model.kind]._meta.label
            raise ImproperlyConfigured(f"{label}: the job kind {model.kind!r} is {other}'s.")
        found[model.kind] = model
    return found


def kind_named(name: str) -> type[BackgroundJob] | None:
    return job_kinds().get(name)


def work_of(model: type[BackgroundJob]) -> Work:
    work: Work = import_string(model.work)
    return work
