"""Starting terms of the monitoring vocabularies: what a fresh database holds (migration 0002
froze them; tests/test_migrations_frozen.py fails if the two part without a new migration).

Condition schemes are published classifications kept side by side; ``damage_level`` is the
documented crosswalk (docs/monitoring.md) used for statistics only. Every term's labels in the
other languages are in seed_labels.py (migration 0009 brought them to existing databases).
"""

from typing import Any

from tutela.monitoring.seed_labels import LABELS

METHODS = [
    ("field-visit", "Field visit"),
    ("satellite-imagery", "Satellite imagery"),
    ("remote-photo-video", "Remote photo or video"),
    ("open-sources", "Open sources"),
]

# scheme code, label, reference, [(value code, label, damage level)]
# (code, label, reference, [(value code, value label, damage level or None)])
SCHEMES: list[tuple[str, str, str, list[tuple[str, str, int | None]]]] = [
    (
        "eamena-condition",
        "EAMENA overall condition",
        "EAMENA database: Overall Condition State",
        [
            ("good", "Good", 0),
            ("fair", "Fair", 1),
            ("poor", "Poor", 2),
            ("very-bad", "Very bad", 3),
            ("destroyed", "Destroyed", 4),
            ("unknown", "Unknown", None),
        ],
    ),
    (
        "eamena-damage-extent",
        "EAMENA damage extent",
        "EAMENA database: Damage Extent Type",
        [
            ("none", "No visible / known", 0),
            ("1-10", "1–10 %", 1),
            ("11-30", "11–30 %", 2),
            ("31-60", "31–60 %", 3),
            ("61-90", "61–90 %", 3),
            ("91-100", "91–100 %", 4),
            ("unknown", "Unknown", None),
        ],
    ),
    (
        "unosat-damage",
        "UNOSAT damage class",
        "UNITAR-UNOSAT cultural heritage damage assessment classes",
        [
            ("no-visible-damage", "No visible damage", 0),
            ("possibly-damaged", "Possibly damaged", 1),
            ("moderately-damaged", "Moderately damaged", 2),
            ("severely-damaged", "Severely damaged", 3),
            ("destroyed", "Destroyed", 4),
        ],
    ),
    (
        "har-priority",
        "Heritage at Risk priority",
        "Historic England Heritage at Risk priority categories A–F",
        [
            (
                "A",
                "A — Immediate risk of further rapid deterioration or loss; no solution agreed",
                None,
            ),
            ("B", "B — Immediate risk; solution agreed but not yet implemented", None),
            ("C", "C — Slow decay; no solution agreed", None),
            ("D", "D — Slow decay; solution agreed but not yet implemented", None),
            ("E", "E — Under repair or in fair to good repair; no user identified", None),
            ("F", "F — Repair scheme in progress; end use or user identified", None),
        ],
    ),
    (
        "har-trend",
        "Heritage at Risk trend",
        "Historic England Heritage at Risk trend",
        [
            ("declining", "Declining", None),
            ("stable", "Stable", None),
            ("improving", "Improving", None),
            ("unknown", "Unknown", None),
        ],
    ),
]

# category code, label, [(cause code, label)]
DISTURBANCES = [
    (
        "armed-conflict",
        "Military activity and armed conflict",
        [
            ("shelling", "Shelling or artillery"),
            ("air-strike", "Air strike or bombing"),
            ("gunfire", "Small-arms fire"),
            ("military-occupation", "Military use or occupation"),
            ("explosive-device", "Explosive device"),
        ],
    ),
    (
        "looting",
        "Looting",
        [("illegal-excavation", "Illegal excavation"), ("theft", "Theft of objects or fabric")],
    ),
    (
        "vandalism",
        "Vandalism and desecration",
        [
            ("graffiti", "Graffiti"),
            ("desecration", "Desecration"),
            ("deliberate-damage", "Deliberate damage"),
            ("removal-of-inscriptions", "Removal of inscriptions or symbols"),
        ],
    ),
    (
        "demolition",
        "Demolition",
        [("bulldozing", "Bulldozing"), ("deliberate-demolition", "Deliberate demolition")],
    ),
    (
        "development",
        "Development",
        [
            ("construction", "Construction"),
            ("road-building", "Road building"),
            ("inappropriate-restoration", "Inappropriate restoration"),
            ("conversion", "Conversion to another use"),
        ],
    ),
    ("agriculture", "Agriculture", [("ploughing", "Ploughing"), ("grazing", "Grazing")]),
    (
        "neglect",
        "Neglect",
        [
            ("lack-of-maintenance", "Lack of maintenance"),
            ("vegetation", "Vegetation growth"),
            ("abandonment", "Abandonment"),
        ],
    ),
    (
        "natural",
        "Natural processes",
        [
            ("earthquake", "Earthquake"),
            ("flooding", "Flooding"),
            ("erosion", "Erosion"),
            ("fire-natural", "Wildfire"),
        ],
    ),
    ("unknown", "Unknown", []),
]

EFFECTS = [
    ("collapse", "Collapse"),
    ("partial-collapse", "Partial collapse"),
    ("structural-cracking", "Structural cracking"),
    ("fire-damage", "Fire damage"),
    ("roof-loss", "Loss of roof or dome"),
    ("surface-damage", "Surface damage"),
    ("loss-of-decoration", "Loss of decoration, frescoes or inscriptions"),
    ("removal-of-objects", "Removal of objects"),
    ("burial", "Burial or levelling"),
    ("change-of-use", "Change of use"),
    ("no-visible-effect", "No visible effect"),
]

THREATS = [
    ("armed-conflict", "Armed conflict"),
    ("looting", "Looting"),
    ("vandalism", "Vandalism"),
    ("demolition", "Demolition"),
    ("development", "Development"),
    ("neglect", "Neglect"),
    ("natural-hazard", "Natural hazard"),
    ("climate", "Climate change"),
]

INCIDENT_TYPES = [
    ("shelling", "Shelling"),
    ("air-strike", "Air strike"),
    ("demolition", "Demolition"),
    ("bulldozing", "Bulldozing"),
    ("vandalism", "Vandalism"),
    ("desecration", "Desecration"),
    ("looting", "Looting"),
    ("arson", "Arson"),
    ("conversion", "Conversion to another use"),
    ("removal-of-inscriptions", "Removal of inscriptions"),
    ("graffiti", "Graffiti"),
    ("military-use", "Military use"),
    ("access-denied", "Access denied to the community"),
    ("theft", "Theft"),
    ("other", "Other"),
]


def load(apps, schema_editor) -> None:  # schema_editor: the migration signature
    def put(name: str, code: str, **fields: Any) -> Any:
        model = apps.get_model("monitoring", name)
        lookup = {"code": code}
        if "scheme" in fields:
            lookup = {"code": f"{fields['scheme'].code}:{code}"}
        fields.setdefault("labels", LABELS[name].get(lookup["code"], {}))
        obj, _ = model.objects.get_or_create(**lookup, defaults=fields)
        return obj

    for order, (code, label) in enumerate(METHODS):
        put("AssessmentMethod", code, label=label, sort_order=order * 10)
    for order, (code, label, reference, values) in enumerate(SCHEMES):
        scheme = put(
            "ConditionScheme", code, label=label, reference=reference, sort_order=order * 10
        )
        for value_order, (value_code, value_label, level) in enumerate(values):
            put(
                "SchemeValue",
                value_code,
                scheme=scheme,
                label=value_label,
                damage_level=level,
                sort_order=value_order * 10,
            )
    for order, (code, label, causes) in enumerate(DISTURBANCES):
        category = put("DisturbanceCategory", code, label=label, sort_order=order * 10)
        for cause_order, (cause_code, cause_label) in enumerate(causes):
            put(
                "DisturbanceCause",
                cause_code,
                category=category,
                label=cause_label,
                sort_order=cause_order * 10,
            )
    for order, (code, label) in enumerate(EFFECTS):
        put("DisturbanceEffect", code, label=label, sort_order=order * 10)
    for order, (code, label) in enumerate(THREATS):
        put("ThreatType", code, label=label, sort_order=order * 10)
    for order, (code, label) in enumerate(INCIDENT_TYPES):
        put("IncidentType", code, label=label, sort_order=order * 10)
