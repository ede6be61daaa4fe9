"""One filter for "which sites", for every output that lists them (not a Django app).

- parameters.py: the parameters (names, descriptions, schemas), without Django;
- filter.py: the frozen ``SiteFilter`` and ``read``, which checks each value's form without
  the database;
- checks.py: ``parse`` = read + ``check`` (codes exist in their vocabularies; the reader may
  use the filter), the one way an output gets its filter;
- queries.py: ``apply``/``selected_sites``/``select``, on top of the access policy, never
  instead of it;
- command_line.py: the same filter as options of a command;
- facets.py: how many sites each type, faith, condition, administrative code, designation
  and "has incidents" would select under the rest.

The names below are imported when first used (PEP 562), so a command line can build its
options from parameters.py before Django is set up.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "DAMAGE_LEVEL": "parameters",
    "PARAMETERS": "parameters",
    "Parameter": "parameters",
    "FilterError": "filter",
    "SiteFilter": "filter",
    "form_values": "filter",
    "read": "filter",
    "check": "checks",
    "parse": "checks",
    "apply": "queries",
    "selected_sites": "queries",
    "Selection": "queries",
    "select": "queries",
    "facet_counts": "facets",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
