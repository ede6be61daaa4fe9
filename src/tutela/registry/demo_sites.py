"""Sites added by hand to the demo: what a visitor looks for first and the OSM extract lacks.

The 2019 OpenStreetMap extract has no node for the cathedral at Mtskheta nor for Jvari above
it (its two "სვეტიცხოველი (Svetitskhoveli)" nodes are village churches in Kakheti that bear
the name). Both belong to the World Heritage property "Historical Monuments of Mtskheta"
(UNESCO ref. 708, inscribed 1994, on the List in Danger 2009–2016). Every site here cites
DEMO_SOURCE, which says it was added for the demo; a site whose code exists is left as it is,
so loading twice creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tutela.registry.actions import do_save_related, do_save_site
from tutela.registry.models import (
    Denomination,
    Designation,
    DesignationScheme,
    ExternalIdentifier,
    IdentifierScheme,
    LocationCertainty,
    Name,
    NameType,
    Period,
    Site,
    SiteType,
    Source,
)

DEMO_SOURCE = {
    "title": "Tutela demo: sites added by hand for the demo",
    "kind": Source.Kind.WEB_PAGE,
    "author": "Tutela demo",
    "url": "https://whc.unesco.org/en/list/708",
    "note": (
        "Added to the demo because the 2019 OpenStreetMap extract lacks them. Location, names, "
        "dates and designations from the UNESCO World Heritage List entry 708 (Historical "
        "Monuments of Mtskheta) and common reference works; no field survey."
    ),
}
# Wikidata and the World Heritage Centre give the property's dates: inscribed 1994, on the
# List of World Heritage in Danger from 2009 until 2016.
WORLD_HERITAGE = (("world-heritage", "1994", ""), ("world-heritage-in-danger", "2009", "2016"))


@dataclass(frozen=True)
class DemoSite:
    code: str
    lon: float
    lat: float
    names: tuple[tuple[str, str, str], ...]  # (text, language, name type)
    types: tuple[str, ...]
    periods: tuple[str, ...]
    built: str
    description: str
    holds_reference: bool = False


SITES = (
    DemoSite(
        "DEMO-SVETITSKHOVELI",
        44.7208,
        41.8421,
        (
            ("სვეტიცხოვლის საკათედრო ტაძარი", "ka", "official"),
            ("Svetitskhoveli Cathedral", "en", "translation"),
            ("Собор Светицховели", "ru", "translation"),
            ("Սվետիցխովելի տաճար", "hy", "translation"),
            ("Svetitskhoveli", "ka-Latn", "transliteration"),
        ),
        ("cathedral", "church"),
        ("high-medieval",),
        "1010/1029",
        "Cathedral of the Living Pillar in Mtskheta, built by the architect Arsukisdze on the "
        "site of 4th- and 5th-century churches; part of the World Heritage property "
        "Historical Monuments of Mtskheta.",
        holds_reference=True,
    ),
    DemoSite(
        "DEMO-JVARI",
        44.7336,
        41.8383,
        (
            ("ჯვრის მონასტერი", "ka", "official"),
            ("Jvari Monastery", "en", "translation"),
            ("Монастырь Джвари", "ru", "translation"),
            ("Ջվարի վանք", "hy", "translation"),
            ("Jvari", "ka-Latn", "transliteration"),
        ),
        ("monastery", "church"),
        ("early-christian", "early-medieval"),
        "586/605",
        "Church of the Holy Cross on the hill above the confluence of the Aragvi and the "
        "Mtkvari; part of the World Heritage property Historical Monuments of Mtskheta.",
    ),
)


def load_demo_sites() -> int:
    """Add the hand-made demo sites not yet present; returns how many were added."""
    # A demo site someone deleted stays deleted (deletion only marks it).
    missing = [demo for demo in SITES if not Site.objects.filter(code=demo.code).exists()]
    if not missing:
        return 0
    from django.contrib.gis.geos import Point

    with transaction.atomic():
        source = Source.objects.filter(title=DEMO_SOURCE["title"]).first()
        if source is None:
            source = Source(**DEMO_SOURCE)
            do_save_related([source], by=None)
        name_types = {term.code: term for term in NameType.objects.all()}
        schemes = {term.code: term for term in DesignationScheme.objects.all()}
        whc = IdentifierScheme.objects.get(code="unesco-whc")
        orthodox = Denomination.objects.get(code="georgian-orthodox")
        for demo in missing:
            site = Site(
                code=demo.code,
                point=Point(demo.lon, demo.lat, srid=4326),
                location_certainty=LocationCertainty.objects.get(code="within-100m"),
                admin_area="Mtskheta-Mtianeti",
                faith_id=orthodox.faith_id,
                denomination=orthodox,
                built=demo.built,
                description=demo.description,
            )
            do_save_site(site, by=None)
            site.site_types.set(SiteType.objects.filter(code__in=demo.types))
            site.periods.set(Period.objects.filter(code__in=demo.periods))
            site.sources.set([source])
            records: list[Name | Designation | ExternalIdentifier] = [
                Name(
                    site=site,
                    text=text,
                    language=language,
                    name_type=name_types[kind],
                    source=source,
                )
                for text, language, kind in demo.names
            ]
            records += [
                Designation(
                    site=site,
                    scheme=schemes[scheme],
                    reference="708",
                    designated=start,
                    ended=end,
                    source=source,
                )
                for scheme, start, end in WORLD_HERITAGE
            ]
            if demo.holds_reference:  # one site per identifier: the property's main one
                records.append(ExternalIdentifier(site=site, scheme=whc, value="708"))
            do_save_related(records, by=None)
    return len(missing)
