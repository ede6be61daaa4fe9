"""Starting terms of the controlled vocabularies: what a fresh database holds (migration 0002
froze them; tests/test_migrations_frozen.py fails if the two part without a new migration).

Administrators edit them afterwards in the admin; codes are what importers and the API use.
Getty AAT ids are given only where they were checked against a published source. Every term's
labels in the other languages are in seed_labels.py (migration 0009 brought them to existing
databases).
"""

from tutela.registry.seed_labels import LABELS

# (code, English label, AAT id); the labels in other languages are in seed_labels.py
SITE_TYPES = [
    ("place-of-worship", "Place of worship", ""),
    ("church", "Church", "300007466"),
    ("cathedral", "Cathedral", "300007501"),
    ("chapel", "Chapel", "300004590"),
    ("monastery", "Monastery", ""),
    ("convent", "Convent", ""),
    ("hermitage", "Hermitage", ""),
    ("mosque", "Mosque", "300007544"),
    ("minaret", "Minaret", ""),
    ("madrasa", "Madrasa", ""),
    ("synagogue", "Synagogue", "300007590"),
    ("temple", "Temple", "300007595"),
    ("fire-temple", "Fire temple", ""),
    ("shrine", "Shrine", ""),
    ("mausoleum", "Mausoleum", ""),
    ("tomb", "Tomb", "300005926"),
    ("cemetery", "Cemetery", ""),
    ("khachkar-field", "Khachkar field", ""),
    ("bell-tower", "Bell tower", ""),
    ("caravanserai", "Caravanserai", ""),
    ("bridge", "Bridge", "300007836"),
    ("fortress", "Fortress", ""),
    ("archaeological-site", "Archaeological site", ""),
]

# faith code -> (label, [(denomination code, label)])
FAITHS = [
    (
        "christianity",
        "Christianity",
        [
            ("georgian-orthodox", "Georgian Orthodox"),
            ("armenian-apostolic", "Armenian Apostolic"),
            ("russian-orthodox", "Russian Orthodox"),
            ("greek-orthodox", "Greek Orthodox"),
            ("caucasian-albanian", "Caucasian Albanian (Udi)"),
            ("roman-catholic", "Roman Catholic"),
            ("armenian-catholic", "Armenian Catholic"),
            ("lutheran", "Lutheran"),
            ("evangelical-baptist", "Evangelical Baptist"),
            ("molokan", "Molokan"),
            ("doukhobor", "Doukhobor"),
        ],
    ),
    ("islam", "Islam", [("sunni", "Sunni"), ("shia", "Shia")]),
    (
        "judaism",
        "Judaism",
        [
            ("georgian-jewish", "Georgian Jewish"),
            ("mountain-jewish", "Mountain Jewish"),
            ("ashkenazi", "Ashkenazi"),
        ],
    ),
    ("zoroastrianism", "Zoroastrianism", []),
    ("yazidism", "Yazidism", []),
    ("bahai", "Baháʼí Faith", []),
    ("buddhism", "Buddhism", []),
    ("hinduism", "Hinduism", []),
    ("sikhism", "Sikhism", []),
    ("traditional", "Traditional or folk religion", []),
]

# code, label, span (uncertain date expression)
PERIODS = [
    ("prehistoric", "Prehistoric", "before 800 BC"),
    ("urartian", "Urartian", "9th century BC/6th century BC"),
    ("classical-antiquity", "Classical antiquity", "8th century BC/5th century"),
    ("early-christian", "Early Christian", "4th century/7th century"),
    ("early-medieval", "Early medieval", "5th century/10th century"),
    ("high-medieval", "High medieval", "11th century/13th century"),
    ("late-medieval", "Late medieval", "14th century/15th century"),
    ("early-modern", "Early modern", "16th century/18th century"),
    ("nineteenth-century", "19th century", "19th century"),
    ("soviet", "Soviet period", "1921/1991"),
    ("contemporary", "Contemporary", "after 1991"),
]

# code, label, authority
DESIGNATION_SCHEMES = [
    ("national-register", "National register of cultural heritage", "National heritage authority"),
    ("national-significance", "Monument of national significance", "National heritage authority"),
    ("local-significance", "Monument of local significance", "Local authority"),
    ("world-heritage", "World Heritage List", "UNESCO World Heritage Committee"),
    (
        "world-heritage-in-danger",
        "List of World Heritage in Danger",
        "UNESCO World Heritage Committee",
    ),
    ("world-heritage-tentative", "World Heritage Tentative List", "State Party to the Convention"),
    (
        "hague-enhanced",
        "Enhanced protection (1999 Second Protocol to the Hague Convention)",
        "Committee for the Protection of Cultural Property in the Event of Armed Conflict",
    ),
    ("hague-special", "Special protection (1954 Hague Convention)", "UNESCO"),
    ("hague-emblem", "Marked with the distinctive emblem (Blue Shield)", "State Party"),
]

# code, label, sort order
NAME_TYPES = [
    ("official", "Official", 10),
    ("local", "Local (in use on the ground)", 20),
    ("alternative", "Alternative", 30),
    ("transliteration", "Transliteration", 35),
    ("translation", "Translation", 40),
    ("historic", "Historic", 50),
    ("designation", "As designated", 60),
]

# code, label, radius in metres
LOCATION_CERTAINTIES = [
    ("exact", "Exact (surveyed, within 10 m)", 10),
    ("within-100m", "Within 100 m", 100),
    ("within-1km", "Within 1 km", 1000),
    ("settlement", "Settlement only (within 5 km)", 5000),
    ("region", "Region only", None),
    ("unknown", "Unknown", None),
]

# code, label, link template, pattern
IDENTIFIER_SCHEMES = [
    (
        "osm",
        "OpenStreetMap",
        "https://www.openstreetmap.org/{value}",
        r"(node|way|relation)/[0-9]+",
    ),
    ("wikidata", "Wikidata", "https://www.wikidata.org/wiki/{value}", r"Q[1-9][0-9]*"),
    ("geonames", "GeoNames", "https://www.geonames.org/{value}", r"[0-9]+"),
    (
        "unesco-whc",
        "UNESCO World Heritage Centre",
        "https://whc.unesco.org/en/list/{value}",
        r"[0-9]+(bis|ter|quater)?",
    ),
    ("national-register", "National register", "", ""),
]


def load(apps, schema_editor) -> None:  # schema_editor: the migration signature
    """Insert the starting terms; existing codes are left as administrators edited them."""
    model = apps.get_model

    def put(name: str, code: str, **fields) -> object:
        fields.setdefault("labels", LABELS[name].get(code, {}))
        obj, _ = model("registry", name).objects.get_or_create(code=code, defaults=fields)
        return obj

    for order, (code, label, aat) in enumerate(SITE_TYPES):
        put("SiteType", code, label=label, aat_id=aat, sort_order=order * 10)
    for order, (code, label, denominations) in enumerate(FAITHS):
        faith = put("Faith", code, label=label, sort_order=order * 10)
        for sub_order, (sub_code, sub_label) in enumerate(denominations):
            put("Denomination", sub_code, label=sub_label, faith=faith, sort_order=sub_order * 10)
    for order, (code, label, span) in enumerate(PERIODS):
        from tutela.core.dates import parse_uncertain_date

        parsed = parse_uncertain_date(span)
        put(
            "Period",
            code,
            label=label,
            span=parsed.text,
            span_earliest=parsed.earliest,
            span_latest=parsed.latest,
            sort_order=order * 10,
        )
    for order, (code, label, authority) in enumerate(DESIGNATION_SCHEMES):
        put("DesignationScheme", code, label=label, authority=authority, sort_order=order * 10)
    for code, label, order in NAME_TYPES:
        put("NameType", code, label=label, sort_order=order)
    for order, (code, label, radius) in enumerate(LOCATION_CERTAINTIES):
        put("LocationCertainty", code, label=label, radius_m=radius, sort_order=order * 10)
    for order, (code, label, template, pattern) in enumerate(IDENTIFIER_SCHEMES):
        put(
            "IdentifierScheme",
            code,
            label=label,
            url_template=template,
            pattern=pattern,
            sort_order=order * 10,
        )
