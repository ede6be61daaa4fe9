"""The projects a reader sees as an IATI 2.03 activity file (``iati-activities``).

One ``iati-activity`` per project, its elements in the order the schema's sequence demands
(../shared/data/iati-2.03/iati-activities-schema.xsd; the tests validate against it). What it
holds is what the reader may see, read through cooperation/access.py like every other output:
the partners they see, the budget lines they see (never converted: each value keeps its
currency), the agreements they see as document links, the sites they see as locations — a
restricted site at its generalised point marked "approximate", a site they may not see absent —
and the outcomes measured from the condition of those sites (outcomes.py), never typed in.

A project is skipped, and the file says why in a comment, when it cannot be an IATI activity:
its identifier is its reporting partner's IATI organisation identifier and its code, so
without a reporting partner that has one there is nothing to publish it under.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutela.access.redaction import location_is_exact, shown_point
from tutela.access.roles import Reader
from tutela.cooperation import access
from tutela.cooperation import iati_codes as codes
from tutela.cooperation.iati_results import append_result
from tutela.cooperation.iati_xml import XML_LANG, comment, narrated, number, sub
from tutela.cooperation.models import (
    Agreement,
    BudgetLine,
    Partner,
    Project,
    ProjectPartner,
    ProjectSite,
    ProjectStatus,
)
from tutela.cooperation.money import countries
from tutela.cooperation.outcomes import measure
from tutela.core.errors import Refused
from tutela.history.chain import record_event
from tutela.history.models import Version

IATI_VERSION = "2.03"
FILE_NAME = "tutela-iati-activities.xml"
# An ISO 3166-2 code (a site's admin_codes) begins with its country's ISO 3166-1 code.
SUBDIVISION = re.compile(r"^([A-Z]{2})-[A-Z0-9]{1,3}$")


@dataclass(frozen=True)
class Skipped:
    code: str
    reason: str


@dataclass
class Activities:
    """The document, how many activities it holds, the projects left out and why, and how
    many locations it gives only approximately."""

    root: ET.Element
    count: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    approximate: int = 0

    def xml(self) -> bytes:
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass
class _Context:
    reader: Reader
    base_url: str
    language: str
    today: date
    partner_roles: dict[int, list[ProjectPartner]]
    budgets: dict[int, list[BudgetLine]]
    agreements: dict[int, list[Agreement]]
    updated: dict[str, datetime]


def _grouped(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _context(reader: Reader, projects: list[Project], base_url: str, language: str) -> _Context:
    """What every activity needs, read for all projects at once."""
    ids = [project.pk for project in projects]
    roles = (
        ProjectPartner.objects.filter(
            project_id__in=ids, partner__in=access.visible_partners(reader)
        )
        .select_related("partner")
        .order_by("partner__name")
    )
    budgets = access.visible_budget_lines(reader).filter(project_id__in=ids)
    links = Project.agreements.through.objects.filter(
        project_id__in=ids, agreement__in=access.visible_agreements(reader)
    ).select_related("agreement")
    agreements: dict[int, list[Agreement]] = defaultdict(list)
    for link in links.order_by("agreement__signed_on", "agreement__title"):
        agreements[link.project_id].append(link.agreement)
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Project),
        object_id__in=[str(pk) for pk in ids],
    )
    updated = dict(
        versions.values("object_id").annotate(last=Max("at")).values_list("object_id", "last")
    )
    return _Context(
        reader=reader,
        base_url=base_url,
        language=language,
        today=timezone.localdate(),
        partner_roles=_grouped(roles, "project_id"),
        budgets=_grouped(budgets.order_by("period_start", "currency", "id"), "project_id"),
        agreements=agreements,
        updated=updated,
    )


def _why_skipped(project: Project, roles: list[ProjectPartner], shown: set[int]) -> str:
    """Why the project cannot be an activity for this reader; empty when it can."""
    reporting = project.reporting_partner
    if reporting is None:
        return _("it has no reporting partner (the partner that publishes it to IATI)")
    if reporting.pk not in shown:
        return _("its reporting partner is not shown to you")
    if not reporting.iati_identifier:
        return _("its reporting partner, %(name)s, has no IATI organisation identifier") % {
            "name": reporting.name
        }
    if not roles:
        return _("none of its partners is shown to you; IATI asks for at least one")
    return ""


def activities(reader: Reader, base_url: str, *, language: str = "en") -> Activities:
    """The IATI activities of the projects ``reader`` sees. ``base_url`` is where this
    installation is served (agreements are linked as its pages); ``language`` is the
    activities' default language and the one Tutela's own words in them are written in."""
    with translation.override(language):
        root = ET.Element(
            "iati-activities",
            {
                "version": IATI_VERSION,
                "generated-datetime": timezone.now().isoformat(timespec="seconds"),
            },
        )
        document = Activities(root)
        projects = list(
            access.visible_projects(reader).select_related("reporting_partner").order_by("code")
        )
        context = _context(reader, projects, base_url, language)
        shown = set(access.visible_partners(reader).values_list("id", flat=True))
        for project in projects:
            roles = context.partner_roles.get(project.pk, [])
            reason = _why_skipped(project, roles, shown)
            if reason:
                document.skipped.append(Skipped(project.code, reason))
                continue
            document.approximate += _activity(root, project, roles, context)
            document.count += 1
        root.insert(0, comment(_summary(document)))
    return document


def _summary(document: Activities) -> str:
    said = [
        ngettext(
            "Tutela: %(count)s IATI activity.", "Tutela: %(count)s IATI activities.", document.count
        )
        % {"count": document.count}
    ]
    said += [skipped_sentence(skipped) for skipped in document.skipped]
    return " ".join(said)


def skipped_sentence(skipped: Skipped) -> str:
    return _("Project %(code)s is not included: %(reason)s.") % {
        "code": skipped.code,
        "reason": skipped.reason,
    }


def _activity(
    root: ET.Element, project: Project, roles: list[ProjectPartner], context: _Context
) -> int:
    """Append the project's activity; how many of its locations are approximate."""
    budgets = context.budgets.get(project.pk, [])
    attributes = {
        "last-updated-datetime": context.updated.get(str(project.pk), project.created_at)
        .astimezone(UTC)
        .isoformat(timespec="seconds"),
        XML_LANG: context.language,
    }
    # Declared only when it is true of every value; each value names its currency anyway.
    # "humanitarian" is not declared: Tutela does not record whether a project is.
    currencies = {line.currency for line in budgets}
    if len(currencies) == 1:
        attributes["default-currency"] = currencies.pop()
    activity = sub(root, "iati-activity", attributes)
    # _why_skipped left out the projects without a reporting partner.
    reporting: Partner = project.reporting_partner  # type: ignore[assignment]
    sub(activity, "iati-identifier", text=project.iati_identifier)
    narrated(
        activity,
        "reporting-org",
        reporting.name,
        ref=reporting.iati_identifier,
        type=codes.ORGANISATION_TYPE[reporting.kind],
    )
    narrated(activity, "title", project.title)
    narrated(activity, "description", project.description or project.title)
    # In the codelist's order of roles (funding, accountable, extending, implementing).
    for role in sorted(roles, key=lambda role: (codes.ORGANISATION_ROLE[role.role], role.pk)):
        partner = role.partner
        organisation = {"role": codes.ORGANISATION_ROLE[role.role]}
        if partner.iati_identifier:
            organisation["ref"] = partner.iati_identifier
        organisation["type"] = codes.ORGANISATION_TYPE[partner.kind]
        narrated(activity, "participating-org", partner.name, **organisation)
    sub(activity, "activity-status", {"code": codes.ACTIVITY_STATUS[project.status]})
    for kind, on in _dates(project, context.today):
        sub(activity, "activity-date", {"type": kind, "iso-date": on.isoformat()})
    links = access.project_sites(context.reader, project)
    for country, percentage in _countries(links):
        sub(activity, "recipient-country", {"code": country, "percentage": percentage})
    approximate = sum(_location(activity, link, context.language) for link in links)
    sub(
        activity,
        "sector",
        {
            "vocabulary": codes.SECTOR_VOCABULARY_DAC_5,
            "code": codes.SECTOR_CULTURE,
            "percentage": "100",
        },
    )
    for line in budgets:
        _budget(activity, line)
    for agreement in context.agreements.get(project.pk, []):
        _document_link(activity, agreement, context.base_url)
    outcomes = measure(project, context.reader, context.today)
    if outcomes.sites:
        append_result(activity, project, outcomes, context.today)
    return approximate


def _dates(project: Project, today: date) -> list[tuple[str, date]]:
    """Start and end, each actual once it has happened (IATI refuses actual dates in the
    future), planned otherwise."""
    started = project.status in codes.STARTED and project.starts_on <= today
    ended = project.status == ProjectStatus.COMPLETED and project.ends_on <= today
    return [
        (codes.ACTUAL_START if started else codes.PLANNED_START, project.starts_on),
        (codes.ACTUAL_END if ended else codes.PLANNED_END, project.ends_on),
    ]


def _countries(links: list[ProjectSite]) -> list[tuple[str, str]]:
    """The countries of the sites shown, from their ISO 3166-2 codes, each with its share of
    those sites in percent (IATI asks the shares to add up to 100). Partners' countries say
    where an organisation sits, not where the work is, so they are not used."""
    known = countries()
    found: Counter[str] = Counter()
    for link in links:
        for code in link.site.admin_codes.replace(",", ";").split(";"):
            match = SUBDIVISION.match(code.strip().upper())
            if match and match.group(1) in known:
                found[match.group(1)] += 1
                break
    total = sum(found.values())
    shares = [(country, Decimal(100 * count) / total) for country, count in sorted(found.items())]
    rounded = [(country, share.quantize(Decimal("0.01"))) for country, share in shares]
    if rounded:
        # The rounding's remainder goes to the last country, so the shares add up to 100.
        last_country, last = rounded[-1]
        rounded[-1] = (last_country, last + Decimal(100) - sum(share for _c, share in rounded))
    return [(country, number(float(share))) for country, share in rounded]


def _location(activity: ET.Element, link: ProjectSite, language: str) -> int:
    """The site as a location: 1 when its point is the generalised one."""
    site = link.site
    location = sub(activity, "location", {"ref": site.code})
    sub(location, "location-reach", {"code": codes.LOCATION_REACH_ACTIVITY})
    narrated(location, "name", site.display_name(language))
    if link.work:
        narrated(location, "activity-description", link.work)
    point = shown_point(site)
    exact = location_is_exact(site)
    if point is not None:
        gml = sub(location, "point", {"srsName": codes.WGS84})
        sub(gml, "pos", text=f"{point.y:.6f} {point.x:.6f}")
        sub(location, "exactness", {"code": codes.EXACT if exact else codes.APPROXIMATE})
    sub(location, "location-class", {"code": codes.LOCATION_CLASS_STRUCTURE})
    return 0 if exact or point is None else 1


def _budget(activity: ET.Element, line: BudgetLine) -> None:
    budget = sub(
        activity,
        "budget",
        {"type": codes.BUDGET_ORIGINAL, "status": codes.BUDGET_STATUS[line.status]},
    )
    sub(budget, "period-start", {"iso-date": line.period_start.isoformat()})
    sub(budget, "period-end", {"iso-date": line.period_end.isoformat()})
    # value-date is the day a reader of the file would convert at; Tutela never converts, and
    # the start of the period is IATI's usual choice.
    sub(
        budget,
        "value",
        {"currency": line.currency, "value-date": line.period_start.isoformat()},
        text=str(line.amount),
    )


def _document_link(activity: ET.Element, agreement: Agreement, base_url: str) -> None:
    url = urljoin(base_url, reverse("cooperation:agreement-detail", args=[agreement.pk]))
    link = sub(activity, "document-link", {"url": url, "format": "text/html"})
    narrated(link, "title", agreement.title)
    if agreement.summary:
        narrated(link, "description", agreement.summary)
    sub(link, "category", {"code": codes.DOCUMENT_CATEGORY[agreement.kind]})
    if agreement.signed_on:
        sub(link, "document-date", {"iso-date": agreement.signed_on.isoformat()})


# --- the export, recorded --------------------------------------------------------------------


@dataclass(frozen=True)
class IatiExport:
    content: bytes
    count: int
    skipped: list[Skipped]
    approximate: int
    sha256: str
    audit_seq: int


def _view(reader: Reader) -> str:
    if not getattr(reader, "is_authenticated", False):
        return "public"
    return "full" if access.runs_programmes(reader) else "registered"


def do_export_iati(reader: Reader, *, base_url: str, path: Path | None = None) -> IatiExport:
    """The activities ``reader`` sees, recorded in the audit chain as every site export is:
    who (none for an anonymous reader), the file's name, the format, how many activities,
    the codes of the projects left out, how many locations are approximate, whose view and
    the SHA-256. With ``path``, the file is written beside it and moved into place before
    the export is recorded, so a failed write leaves neither a half file nor an entry.

    Raises Refused (404) when no project can be an activity: IATI's schema asks a file for at
    least one, and the sentence says why each project was left out.
    """
    document = activities(reader, base_url)
    if not document.count:
        raise Refused(404, nothing_to_publish(document.skipped))
    content = document.xml()
    name = path.name if path is not None else FILE_NAME
    if path is not None:
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(content)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    sha256 = hashlib.sha256(content).hexdigest()
    entry = record_event(
        "export",
        actor=reader if getattr(reader, "is_authenticated", False) else None,
        detail={
            "file": name,
            "format": "iati",
            "count": document.count,
            # Codes only, as the site exports keep no names in the chain.
            "skipped": [skipped.code for skipped in document.skipped],
            "generalised": document.approximate,
            "view": _view(reader),
            "sha256": {name: sha256},
        },
    )
    return IatiExport(
        content=content,
        count=document.count,
        skipped=document.skipped,
        approximate=document.approximate,
        sha256=sha256,
        audit_seq=entry.seq,
    )


def nothing_to_publish(skipped: list[Skipped]) -> str:
    said = [
        _(
            "No project you see can be an IATI activity, and an IATI file needs at least one: "
            "give a project a reporting partner with an IATI organisation identifier."
        )
    ]
    said += [skipped_sentence(project) for project in skipped]
    return " ".join(said)
