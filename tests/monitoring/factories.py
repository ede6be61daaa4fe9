"""Small builders for monitoring tests; every record goes through the real actions."""

from __future__ import annotations

import io
from datetime import date, timedelta

from tutela.evidence.actions import Upload
from tutela.monitoring import actions
from tutela.monitoring.examples import example_photo
from tutela.monitoring.models import (
    Assessment,
    AssessmentMethod,
    AssessmentValue,
    Claim,
    Incident,
    IncidentType,
    SchemeValue,
)


def stored_files(root) -> list:
    """Every file under the evidence store, staging included."""
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def value(scheme: str, code: str) -> AssessmentValue:
    term = SchemeValue.objects.get(code=f"{scheme}:{code}")
    return AssessmentValue(scheme=term.scheme, value=term)


def photo_upload(name: str = "north-wall.jpg", lon: float = 44.72, lat: float = 41.84) -> Upload:
    return Upload(
        io.BytesIO(example_photo("test", lon, lat)), name, "photo", acquired_from="A witness"
    )


def file_assessment(
    site, by, *, days_ago: int = 10, values=None, uploads=None, method: str = "field-visit"
) -> Assessment:
    assessment = Assessment(
        site=site,
        observed_on=date.today() - timedelta(days=days_ago),
        method=AssessmentMethod.objects.get(code=method),
    )
    parts = actions.AssessmentParts(values=values or [value("eamena-condition", "fair")])
    return actions.do_file_assessment(assessment, parts, uploads or [], by=by)


def report_incident(
    sites, by, *, claim: Claim | None = None, uploads=None, occurred: str = "2024-05"
) -> Incident:
    incident = Incident(
        incident_type=IncidentType.objects.get(code="shelling"),
        title="Dome damaged",
        occurred=occurred,
    )
    return actions.do_report_incident(incident, list(sites), claim, uploads or [], by=by)


def claim(**fields) -> Claim:
    defaults = {
        "claimant": "Party A spokesperson",
        "affiliation": "Party A",
        "language": "en",
        "text": "The other side shelled it.",
        "source_reliability": "C",
        "information_credibility": "3",
    }
    return Claim(**{**defaults, **fields})
