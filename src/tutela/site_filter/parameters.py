"""The site filter's parameters: names, descriptions and JSON schemas, for every output.

No Django here: a command line builds its options from this table before Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The scheme of the common damage level (monitoring/crosswalk.py): what the features' and
# tiles' "condition" property shows, so the default scheme of the condition filter.
DAMAGE_LEVEL = "damage-level"
YES = ("yes", "true", "1")
NO = ("no", "false", "0")
ACCESS_LEVELS = ("public", "registered", "restricted", "confidential")
MAX_TEXT = 200
MAX_CODE = 100
MAX_VALUES = 50  # codes in one parameter: enough for any real question, bounds the SQL


@dataclass(frozen=True)
class Parameter:
    """One filter parameter as every output documents it (OGC queryables, OpenAPI, the CLI)."""

    name: str
    description: str
    schema: dict[str, Any]
    aliases: tuple[str, ...] = ()
    several: bool = False  # takes several values, comma-separated or repeated


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "name",
        "Text searched in every name of the site and the titles of its incidents, in any "
        "script: names are romanised, so Шуша finds Shusha and Şuşa; case, accents and small "
        "spelling mistakes are ignored.",
        {"type": "string", "maxLength": MAX_TEXT},
        aliases=("q",),
    ),
    Parameter(
        "bbox",
        "min longitude,min latitude,max longitude,max latitude (WGS 84); a protected site "
        "counts where its shown (generalised) point is.",
        {"type": "string"},
    ),
    Parameter("type", "Site type code(s) (vocabularies/site-types).", {"type": "string"}, (), True),
    Parameter("faith", "Faith code(s) (vocabularies/faiths).", {"type": "string"}, (), True),
    Parameter(
        "denomination",
        "Denomination code(s) (vocabularies/denominations).",
        {"type": "string"},
        (),
        True,
    ),
    Parameter("code", "The sites' human code(s).", {"type": "string"}, (), True),
    Parameter(
        "condition",
        "Current condition (the latest verified assessment the reader may see): a common "
        "damage level (none, minor, moderate, severe, destroyed), or a value of a condition "
        "scheme as scheme:value, e.g. eamena-condition:poor, unosat-damage:destroyed.",
        {"type": "string"},
        (),
        True,
    ),
    Parameter(
        "condition_scheme",
        f"The scheme of condition values given without one (default {DAMAGE_LEVEL}), e.g. "
        "eamena-condition.",
        {"type": "string"},
    ),
    Parameter(
        "designation",
        "Designation scheme code(s) the site holds now, not one that has ended "
        "(vocabularies/designation-schemes).",
        {"type": "string"},
        (),
        True,
    ),
    Parameter(
        "admin_area",
        "Text in the administrative area as recorded on the site; case is ignored.",
        {"type": "string", "maxLength": MAX_TEXT},
    ),
    Parameter(
        "admin_code",
        "Administrative code(s) as recorded on the site, e.g. GE or GE-TB (GE also finds GE-TB).",
        {"type": "string"},
        (),
        True,
    ),
    Parameter(
        "has_incidents",
        "yes: sites with an incident the reader may see; no: sites without.",
        {"type": "string", "enum": ["yes", "no"]},
    ),
    Parameter(
        "assessed_since",
        "Current condition observed on or after this date (ISO 8601: 2024, 2024-05 or 2024-05-03).",
        {"type": "string", "format": "date"},
    ),
    Parameter(
        "assessed_before",
        "Current condition observed before this date (ISO 8601: 2024, 2024-05 or 2024-05-03).",
        {"type": "string", "format": "date"},
    ),
    Parameter(
        "updated_since",
        "Site record changed at or after this time (ISO 8601; UTC when no offset is given).",
        {"type": "string", "format": "date-time"},
    ),
    Parameter(
        "access_level",
        "Access level(s): public, registered, restricted, confidential. Registry editors and "
        "administrators only.",
        {"type": "string"},
        (),
        True,
    ),
    Parameter(
        "imported",
        "The sites an import created or changed, by the number of the import's audit entry "
        "(the import's report and page give it). Registry editors and administrators only.",
        {"type": "integer", "minimum": 1},
    ),
)
BY_NAME = {parameter.name: parameter for parameter in PARAMETERS}
ALIASES = {alias: parameter.name for parameter in PARAMETERS for alias in parameter.aliases}
ACCEPTED = frozenset(BY_NAME) | frozenset(ALIASES)
