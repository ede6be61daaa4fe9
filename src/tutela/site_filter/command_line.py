"""The site filter as options of a command (``tutela export``): the same names, with hyphens.

``--has-incidents yes`` is ``has_incidents=yes``; options of several values are repeated or
comma-separated (``--type church --type mosque`` = ``--type church,mosque``).
"""

from __future__ import annotations

import argparse

from tutela.site_filter.parameters import PARAMETERS

DEST = "site_filter_{}"


def option(parameter: str) -> str:
    """``has_incidents`` → ``--has-incidents``: how a refusal names the option."""
    return "--" + parameter.replace("_", "-")


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add every filter parameter as an option."""
    group = parser.add_argument_group(
        "filters", "Which sites, as the site list and the APIs filter them (docs/api.md)."
    )
    for parameter in PARAMETERS:
        group.add_argument(
            option(parameter.name),
            dest=DEST.format(parameter.name),
            action="append" if parameter.several else "store",
            metavar=parameter.name.upper(),
            # argparse formats help text with %: a literal one is doubled.
            help=parameter.description.replace("%", "%%"),
        )


def params_from(options: argparse.Namespace) -> dict[str, object]:
    """The filter parameters the options give (as ``site_filter.parse`` takes them)."""
    given = {
        parameter.name: getattr(options, DEST.format(parameter.name), None)
        for parameter in PARAMETERS
    }
    return {name: value for name, value in given.items() if value is not None}
