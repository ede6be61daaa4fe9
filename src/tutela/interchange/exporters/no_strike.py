"""What a no-strike list holds: the sites its holder may see, each at its exact place, with what
armed forces need to spare it under the 1954 Hague Convention.

The sites are ``access.policy.no_strike_sites(reader)`` narrowed by the shared site filter
(site_filter/), so a list can be made for one region (bbox, admin_code), one kind of site
(type) or one protection (designation=hague-enhanced); a box matches exact places here, since
the holder sees them. The list is written by the export writers (CSV, KML, GeoPackage) from the
columns below, which stay the same whatever the sites hold, so a liaison's spreadsheet or
template keeps working from one list to the next:

- ``name`` in the list's language (the name a reader of it sees first) and ``other_names``;
- ``site_type``, ``faith`` and ``location_certainty`` as labels in the list's language;
- ``protection_level``: ``enhanced`` (1999 Second Protocol), ``special`` (1954 Convention,
  Chapter II) or ``general`` (every other cultural property, Art. 4) from the designations the
  site holds now; ``designations``: each of them, with its reference and since when;
- ``emblem``: how the site is marked (registry.models.Emblem), ``not-recorded`` where nobody
  has said; an unmarked site is protected all the same;
- ``lon``/``lat`` in WGS 84 decimal degrees and ``mgrs`` (1 m; UPS near the poles), exact;
- the contact point (personal data, in this list and nowhere public) and the custodian;
- ``access_level``, so the holder sees which rows Tutela withholds from the public;
- ``sources``, ``licence`` and ``attribution`` of every row (OpenStreetMap's ODbL among them),
  and ``issued_at``, ``issued_by``, ``issued_from``: a row copied out of the list still says
  whose list it was.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from django.utils.translation import gettext as _

from tutela.access.levels import AccessLevel
from tutela.access.policy import no_strike_sites
from tutela.access.roles import Reader
from tutela.interchange.exporters.kml import display_name
from tutela.interchange.exporters.selection import Export, ExportedSite, Symbol
from tutela.registry.models import Designation, Emblem, Site, SiteType
from tutela.site_filter import SiteFilter, apply

SEPARATOR = "; "
NOT_RECORDED = "not-recorded"
# The designation schemes that carry the Convention's two higher levels (registry seed data);
# when a site holds both, enhanced protection is the one that applies (Second Protocol, Art. 4(b)).
ENHANCED, SPECIAL, GENERAL = "enhanced", "special", "general"
LEVEL_OF_SCHEME = {"hague-enhanced": ENHANCED, "hague-special": SPECIAL}
COLUMNS = [
    "ulid",
    "code",
    "name",
    "other_names",
    "site_type",
    "faith",
    "protection_level",
    "designations",
    "emblem",
    "lon",
    "lat",
    "mgrs",
    "location_certainty",
    "admin_area",
    "custodian",
    "contact_name",
    "contact_organisation",
    "contact_phone",
    "contact_email",
    "access_level",
    "sources",
    "licence",
    "attribution",
    "issued_at",
    "issued_by",
    "issued_from",
]
FOOTPRINT_COLUMNS = ["ulid", "code", "name", "protection_level", "emblem", "lon", "lat"]
# Symbol colours: the emblem's royal blue, the enhanced emblem's red band, grey for no emblem.
BLUE, RED, GREY = "#1f3f99", "#c8102e", "#6e6e6e"
SYMBOLS = [
    (Emblem.SINGLE, "emblem-single.png", BLUE),
    (Emblem.TRIPLE, "emblem-triple.png", BLUE),
    (Emblem.ENHANCED, "emblem-enhanced.png", RED),
    (Emblem.NONE, "emblem-none.png", GREY),
    (NOT_RECORDED, "emblem-none.png", GREY),
]
_UTM = re.compile(r"^0?(\d{1,2}[C-X])([A-Z]{2})(\d{5})(\d{5})$")
_UPS = re.compile(r"^([ABYZ])([A-Z]{2})(\d{5})(\d{5})$")


def mgrs_of(lon: float, lat: float, converter: Any = None) -> str:
    """The 1 m MGRS reference of a WGS 84 point, as people write it ("38T MM 27392 48777"; the
    zone without a leading zero); "" where it has none."""
    import mgrs

    try:
        reference = (converter or mgrs.MGRS()).toMGRS(lat, lon, MGRSPrecision=5)
    except (mgrs.core.MGRSError, ValueError, TypeError):
        return ""
    match = _UTM.match(reference) or _UPS.match(reference)
    return " ".join(match.groups()) if match else reference


def protection_level(scheme_codes: list[str]) -> str:
    levels = {LEVEL_OF_SCHEME.get(code) for code in scheme_codes}
    if ENHANCED in levels:
        return ENHANCED
    return SPECIAL if SPECIAL in levels else GENERAL


class NoStrikeExport(Export):
    """One holder's no-strike list of one filtered selection.

    ``issuer`` names the holder as the list shows them; ``issued_from`` the Tutela that made it
    (its address, or the command line's host); ``icon_base`` where the emblem images are served
    ("": the viewer's own markers); ``language`` the language of names and labels.
    """

    def __init__(
        self,
        reader: Reader,
        site_filter: SiteFilter,
        format: str,
        *,
        issuer: str,
        issued_from: str,
        language: str = "en",
        icon_base: str = "",
    ) -> None:
        super().__init__(reader, site_filter, format)
        self.sites = apply(site_filter, no_strike_sites(reader), reader)
        self.issuer, self.issued_from = issuer, issued_from
        self.language, self.icon_base = language, icon_base
        self._designations: dict[int, list[Designation]] = {}
        self._type_labels: dict[str, str] | None = None
        self._mgrs: Any = None
        # What the list disclosed, for its audit entry: sites by access level, and the codes of
        # the confidential ones (whose existence is itself withheld).
        self.levels: Counter[str] = Counter()
        self.confidential_codes: list[str] = []

    def _complete(self, sites: list[Site]) -> list[ExportedSite]:
        designations: dict[int, list[Designation]] = defaultdict(list)
        held = Designation.objects.filter(site_id__in=[site.id for site in sites], ended="")
        for designation in held.select_related("scheme").order_by(
            "site_id", "scheme__sort_order", "id"
        ):
            designations[designation.site_id].append(designation)
        # This batch's only: a writer writes every row of a batch before asking for the next.
        self._designations = designations
        for site in sites:
            self.levels[site.access_level] += 1
            if site.access_level == AccessLevel.CONFIDENTIAL:
                self.confidential_codes.append(site.code)
        return super()._complete(sites)

    def _type_label(self, code: str) -> str:
        if self._type_labels is None:
            self._type_labels = {
                term.code: term.display_label(self.language) for term in SiteType.objects.all()
            }
        return self._type_labels.get(code, code)

    def columns(self) -> list[str]:
        return list(COLUMNS)

    def footprint_columns(self) -> list[str]:
        return list(FOOTPRINT_COLUMNS)

    def row(self, exported: ExportedSite) -> dict[str, Any]:
        import mgrs

        site = exported.site
        name = display_name(exported, self.language)
        held = self._designations.get(site.id, [])
        point = exported.point  # exact: no_strike_sites() annotates every site so
        if self._mgrs is None:
            self._mgrs = mgrs.MGRS()
        sources = [self.source(pk) for pk in exported.source_ids]
        certainty = site.location_certainty
        return {
            "ulid": site.ulid,
            "code": site.code,
            "name": name,
            "other_names": _joined(
                f"{other.text} ({other.language})" for other in exported.names if other.text != name
            ),
            "site_type": _joined(self._type_label(code) for code in exported.site_types),
            "faith": site.faith.display_label(self.language) if site.faith is not None else "",
            "protection_level": protection_level([d.scheme.code for d in held]),
            "designations": _joined(self._designation(designation) for designation in held),
            "emblem": site.emblem or NOT_RECORDED,
            "lon": point.x if point is not None else None,
            "lat": point.y if point is not None else None,
            "mgrs": mgrs_of(point.x, point.y, self._mgrs) if point is not None else "",
            "location_certainty": _certainty(certainty, self.language),
            "admin_area": site.admin_area,
            "custodian": site.custodian,
            "contact_name": site.contact_name,
            "contact_organisation": site.contact_organisation,
            "contact_phone": site.contact_phone,
            "contact_email": site.contact_email,
            "access_level": site.access_level,
            "sources": _joined(source.title for source in sources),
            "licence": _joined(source.licence for source in sources),
            "attribution": _joined(source.attribution for source in sources),
            "issued_at": self.exported_at.isoformat(timespec="seconds"),
            "issued_by": self.issuer,
            "issued_from": self.issued_from,
        }

    def _designation(self, designation: Designation) -> str:
        text = f"{designation.scheme.display_label(self.language)} {designation.reference}"
        period = designation.period
        return f"{text.strip()} ({period})" if period else text.strip()

    def title(self) -> str:
        return _("No-strike list of cultural property (1954 Hague Convention)")

    def layer_titles(self) -> tuple[str, str]:
        return _("No-strike list"), _("No-strike list: footprints")

    def symbols(self) -> list[Symbol]:
        labels = {**dict(Emblem.choices), NOT_RECORDED: _("Emblem not recorded")}
        return [
            Symbol(
                id=f"emblem-{code}",
                label=str(labels[code]),
                icon=f"{self.icon_base}{image}" if self.icon_base else "",
                colour=colour,
            )
            for code, image, colour in SYMBOLS
        ]

    def symbol(self, exported: ExportedSite) -> str:
        return f"emblem-{exported.site.emblem or NOT_RECORDED}"

    def view(self) -> dict[str, str]:
        return {
            "reader": self.issuer,
            "view": "no-strike",
            "note": _(
                "A no-strike list under the 1954 Hague Convention, issued by %(issued_from)s: "
                "every site at its exact location, including sites whose location Tutela "
                "withholds from the public, with contact points, which are personal data. Give "
                "it only to those who must spare these sites, and keep it as securely as the "
                "most protected site it holds. A site without the distinctive emblem is "
                "protected all the same."
            )
            % {"issued_from": self.issued_from},
        }

    def metadata(self) -> dict[str, object]:
        from importlib.metadata import PackageNotFoundError, version

        try:
            software = f"Tutela {version('tutela')}"
        except PackageNotFoundError:  # run from a checkout that was never installed
            software = "Tutela"
        return {
            **super().metadata(),
            "list": "no-strike",
            "issued_from": self.issued_from,
            "software": software,
        }


def _joined(values: Any) -> str:
    return SEPARATOR.join(dict.fromkeys(value for value in values if value))


def _certainty(certainty: Any, language: str) -> str:
    if certainty is None:
        return ""
    label = certainty.display_label(language)
    return f"{label} (±{certainty.radius_m} m)" if certainty.radius_m else label
