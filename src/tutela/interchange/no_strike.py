"""``do_export_no_strike``: the no-strike list a heritage body hands to armed forces under the
1954 Hague Convention, as CSV, KML or GeoPackage (web download and ``tutela export --no-strike``).

Only for readers with the export-no-strike capability (access/roles.py: the protection-liaison
role an administrator gives, and administrators); what the list holds is
exporters/no_strike.py, which sites access.policy.no_strike_sites decides. Every list made is
one ``export.no-strike`` entry in the audit chain — who (the actor), when (the entry's time),
what (format, filter, how many sites of each access level, the confidential ones' codes, the
file's SHA-256) — written before the file is handed over, so no list leaves without its
record; a list that could not be written or recorded leaves no file. A refused list (no
capability, a bad format or filter) writes no file and no such entry: the view records the
refusal of a reader without the capability as the project records refusals (access.denied).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tutela.access.roles import Capability, Reader, can
from tutela.core.errors import Refused
from tutela.history.chain import record_event
from tutela.interchange.actions import file_sha256, write_aside
from tutela.interchange.exporters import BadExportRequest, Exporter, Progress, exporter_for
from tutela.interchange.exporters.no_strike import NoStrikeExport
from tutela.site_filter import SiteFilter

FORMATS = ("csv", "kml", "gpkg")
ACTION = "export.no-strike"
# Codes of confidential sites kept in one audit entry; the count is always whole.
MOST_CODES = 1000


def check_list_holder(reader: Reader | None) -> None:
    """Refused (403) unless ``reader`` may make no-strike lists."""
    if not can(reader, Capability.EXPORT_NO_STRIKE):
        raise Refused(
            403,
            _(
                "The no-strike list is only for protection liaisons: people an administrator "
                "has given that role. Sign in with such an account, or ask an administrator."
            ),
        )


def no_strike_exporter(format: str) -> Exporter:
    if format not in FORMATS:
        raise BadExportRequest(
            "format",
            _('"%(format)s" is not a format of the no-strike list; use %(formats)s.')
            % {"format": format, "formats": ", ".join(FORMATS)},
        )
    return exporter_for(format)


def issuer_of(reader: Any) -> str:
    """The holder as the list names them: user name, full name and organisations."""
    memberships = reader.memberships.select_related("organisation")
    organisations = sorted({membership.organisation.name for membership in memberships})
    details = "; ".join(part for part in (reader.get_full_name(), ", ".join(organisations)) if part)
    return f"{reader.get_username()} ({details})" if details else reader.get_username()


@dataclass
class NoStrikeReport:
    format: str
    path: Path
    count: int
    levels: dict[str, int]
    sha256: dict[str, str]
    seconds: float
    audit_seq: int

    def summary(self) -> str:
        return (
            f"Wrote a no-strike list of {self.count} site{'s' if self.count != 1 else ''} as "
            f"{self.format} to {self.path.name}; recorded as audit entry {self.audit_seq}."
        )


def do_export_no_strike(
    reader: Any,
    format: str,
    site_filter: SiteFilter,
    path: Path,
    *,
    issued_from: str,
    language: str = "en",
    icon_base: str = "",
    progress: Progress | None = None,
    csv_metadata: bool = False,
) -> NoStrikeReport:
    """Write ``reader``'s no-strike list of the sites ``site_filter`` selects to ``path`` and
    record it. Refused (403) for a reader without the capability; BadExportRequest for a
    format the list is not made in."""
    check_list_holder(reader)
    exporter = no_strike_exporter(format)
    for option, value in (("with_metadata", csv_metadata), ("language", language)):
        if hasattr(exporter, option):
            setattr(exporter, option, value)
    started = time.perf_counter()
    export = NoStrikeExport(
        reader,
        site_filter,
        format,
        issuer=issuer_of(reader),
        issued_from=issued_from,
        language=language,
        icon_base=icon_base,
    )
    export.file_name = path.name
    finals, count = write_aside(exporter, export, path, progress)
    try:
        sha256 = {final.name: file_sha256(final) for final in finals}
        entry = record_event(
            ACTION,
            actor=reader,
            detail={
                "file": path.name,
                "format": format,
                "filter": site_filter.as_dict(),
                "count": count,
                "levels": dict(sorted(export.levels.items())),
                "confidential_codes": export.confidential_codes[:MOST_CODES],
                "language": language,
                "issued_from": issued_from,
                "sha256": sha256,
            },
        )
    except BaseException:
        for final in finals:
            final.unlink(missing_ok=True)
        raise
    return NoStrikeReport(
        format=format,
        path=path,
        count=count,
        levels=dict(export.levels),
        sha256=sha256,
        seconds=time.perf_counter() - started,
        audit_seq=entry.seq,
    )
