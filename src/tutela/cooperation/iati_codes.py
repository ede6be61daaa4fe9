"""Tutela's words as IATI 2.03 codes (the codelists at iatistandard.org/en/iati-standard/203/
codelists/). One table per codelist, keyed by our choices' values, so a new choice without a
code fails the tests that walk every choice rather than exporting nothing."""

from __future__ import annotations

from tutela.cooperation.models import (
    AgreementKind,
    BudgetStatus,
    PartnerKind,
    PartnerRole,
    ProjectStatus,
)

# OrganisationType. Our kinds say what an organisation is, not its legal seat, so:
# - an NGO is 21 "International NGO": the kind does not tell international from national (22)
#   or regional (23), and the heritage NGOs Tutela's users cooperate with mostly work across
#   borders; a publisher who knows better corrects it in its own IATI organisation file;
# - a religious community is 90 "Other": the codelist has no faith-based organisation code;
# - a diplomatic mission is part of its state's government: 10;
# - "donor or foundation" is 60 "Foundation": public donors are government bodies (10) or
#   intergovernmental (40) and are recorded with those kinds.
ORGANISATION_TYPE: dict[str, str] = {
    PartnerKind.GOVERNMENT: "10",
    PartnerKind.INTERGOVERNMENTAL: "40",
    PartnerKind.NGO: "21",
    PartnerKind.RELIGIOUS: "90",
    PartnerKind.ACADEMIC: "80",
    PartnerKind.DIPLOMATIC: "10",
    PartnerKind.DONOR: "60",
    PartnerKind.OTHER: "90",
}

# OrganisationRole.
ORGANISATION_ROLE: dict[str, str] = {
    PartnerRole.FUNDING: "1",
    PartnerRole.ACCOUNTABLE: "2",
    PartnerRole.EXTENDING: "3",
    PartnerRole.IMPLEMENTING: "4",
}

# ActivityStatus: 1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed,
# 5 Cancelled, 6 Suspended — our statuses in the same order.
ACTIVITY_STATUS: dict[str, str] = {
    ProjectStatus.PLANNED: "1",
    ProjectStatus.UNDER_WAY: "2",
    ProjectStatus.FINISHING: "3",
    ProjectStatus.COMPLETED: "4",
    ProjectStatus.CANCELLED: "5",
    ProjectStatus.SUSPENDED: "6",
}

# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# Statuses in which the project has begun, so its start date is a fact, not a plan.
STARTED = frozenset(
    {
        ProjectStatus.UNDER_WAY,
        ProjectStatus.FINISHING,
        ProjectStatus.COMPLETED,
        ProjectStatus.SUSPENDED,
    }
)

# BudgetType 1 "Original" (we keep no revisions); BudgetStatus 1 indicative, 2 committed.
BUDGET_ORIGINAL = "1"
BUDGET_STATUS: dict[str, str] = {BudgetStatus.INDICATIVE: "1", BudgetStatus.COMMITTED: "2"}

# DocumentCategory. A09 "Memorandum of understanding (if agreed by all parties)" is an
# agreement of the parties on what each will do, which a cooperation agreement between
# partners also is (A11 "Contract" is the paid contract between funder and implementer, which
# Tutela does not record). An action plan or a programme sets out what the work is to achieve:
# A02 "Objectives / Purpose of activity".
DOCUMENT_CATEGORY: dict[str, str] = {
    AgreementKind.MEMORANDUM: "A09",
    AgreementKind.COOPERATION: "A09",
    AgreementKind.ACTION_PLAN: "A02",
    AgreementKind.PROGRAMME: "A02",
}

# Sector vocabulary 1 is the OECD DAC CRS 5-digit purpose codes; 16066 is "Culture" (split in
# 2018 from 16061 "Culture and recreation"). All of a project's work is heritage protection.
SECTOR_VOCABULARY_DAC_5 = "1"
SECTOR_CULTURE = "16066"

# Location: reach 1 "the activity happens here"; class 3 "Structure" (a building or
# monument); exactness 1 exact, 2 approximate (the generalised point of a restricted site).
LOCATION_REACH_ACTIVITY = "1"
LOCATION_CLASS_STRUCTURE = "3"
EXACT, APPROXIMATE = "1", "2"
# GML's name for WGS 84 longitude/latitude, the only reference system IATI accepts; its
# ``pos`` is "latitude longitude", in that order.
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# ResultType 2 "Outcome"; IndicatorMeasure 1 "Unit" (a count or a level, not a percentage).
RESULT_OUTCOME = "2"
MEASURE_UNIT = "1"
