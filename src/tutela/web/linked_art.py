"""A site as Linked Art JSON-LD (CIDOC-CRM), for heritage systems that exchange records.

The site is a HumanMadeObject classified with Getty AAT types; every name is a Name with its
language; its location a Place defined by WKT — the point the reader may see, so a restricted
site's exact place never leaves the server; designations and external ids are Identifiers;
the current condition (latest verified assessment) a statement in `referred_to_by`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from tutela.access.redaction import shown_point
from tutela.monitoring.models import Assessment
from tutela.registry.models import Site

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
AAT = "http://vocab.getty.edu/aat/"
# Getty AAT concepts checked against Linked Art's published vocabulary lists.
PRIMARY_NAME = "300404670"
ALTERNATE_NAME = "300264273"
LANGUAGES = {
    "en": ("300388277", "English"),
    "ka": ("300388343", "Georgian"),
    "hy": ("300387870", "Armenian"),
    "az": ("300387903", "Azerbaijani"),
    "ru": ("300389168", "Russian"),
    "fa": ("300389087", "Persian"),
    "tr": ("300389470", "Turkish"),
    "ar": ("300387843", "Arabic"),
}


def _type(aat_id: str, label: str) -> dict:
    return {"id": f"{AAT}{aat_id}", "type": "Type", "_label": label}


def _local_type(request: HttpRequest, vocabulary: str, code: str, label: str) -> dict:
    return {
        "id": request.build_absolute_uri(f"/vocabularies/{vocabulary}/{code}"),
        "type": "Type",
        "_label": label,
    }


def site_as_linked_art(site: Site, request: HttpRequest, current: Assessment | None) -> dict:
    base = request.build_absolute_uri(reverse("web:site-detail", args=[site.ulid]))
    names = sorted(site.names.all(), key=lambda name: (name.name_type.sort_order, name.id))
    document: dict = {
        "@context": CONTEXT,
        "id": base,
        "type": "HumanMadeObject",
        "_label": site.display_name("en"),
        "classified_as": [
            _type(kind.aat_id, kind.label)
            if kind.aat_id
            else _local_type(request, "site-types", kind.code, kind.label)
            for kind in site.site_types.all()
        ],
        "identified_by": [],
    }
    for index, name in enumerate(names):
        entry: dict = {
            "type": "Name",
            "content": name.text,
            "classified_as": [
                _type(
                    PRIMARY_NAME if index == 0 else ALTERNATE_NAME,
                    "Primary Name" if index == 0 else "Alternate Name",
                )
            ],
        }
        language = LANGUAGES.get(name.language.split("-")[0])
        if language:
            entry["language"] = [
                {"id": f"{AAT}{language[0]}", "type": "Language", "_label": language[1]}
            ]
        document["identified_by"].append(entry)
    document["identified_by"].append(
        {
            "type": "Identifier",
            "content": site.code,
            "classified_as": [_local_type(request, "identifier-schemes", "tutela", "Tutela code")],
        }
    )
    for identifier in site.identifiers.all():
        document["identified_by"].append(
            {
                "type": "Identifier",
                "content": identifier.value,
                "classified_as": [
                    _local_type(
                        request,
                        "identifier-schemes",
                        identifier.scheme.code,
                        identifier.scheme.label,
                    )
                ],
            }
        )
    for designation in site.designations.all():
        document["identified_by"].append(
            {
                "type": "Identifier",
                "content": designation.reference or designation.scheme.label,
                "classified_as": [
                    _local_type(
                        request,
                        "designation-schemes",
                        designation.scheme.code,
                        designation.scheme.label,
                    )
                ],
            }
        )
    point = shown_point(site)
    if point is not None:
        document["current_location"] = {
            "id": f"{base}#place",
            "type": "Place",
            "_label": site.admin_area or f"Location of {site.code}",
            "defined_by": f"POINT({point.x:.7g} {point.y:.7g})",
        }
    statements = []
    if current is not None:
        values = "; ".join(f"{v.value.label} ({v.scheme.label})" for v in current.values.all())
        statements.append(
            {
                "type": "LinguisticObject",
                "content": f"Condition on {current.observed_label}: {values or 'not recorded'}.",
                "classified_as": [
                    _local_type(
                        request, "statements", "condition", "Condition (latest verified assessment)"
                    )
                ],
            }
        )
    for source in site.sources.all():
        if source.attribution:
            statements.append(
                {
                    "type": "LinguisticObject",
                    "content": source.attribution,
                    "classified_as": [
                        _local_type(request, "statements", "attribution", "Attribution")
                    ],
                }
            )
    if statements:
        document["referred_to_by"] = statements
    return document
