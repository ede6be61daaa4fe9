"""Cooperation: partners, agreements between them, engagements, protection projects and the
events they are presented at. One module per concept; every record is versioned (apps.py)."""

from tutela.cooperation.models.agreements import (
    Agreement,
    AgreementField,
    AgreementKind,
    AgreementStatus,
)
from tutela.cooperation.models.engagements import Engagement, EngagementKind, FollowUp
from tutela.cooperation.models.events import Event, EventKind, EventSubmission
from tutela.cooperation.models.partners import Contact, Partner, PartnerIdentifier, PartnerKind
from tutela.cooperation.models.projects import (
    BudgetLine,
    BudgetStatus,
    Milestone,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectSite,
    ProjectStatus,
    Risk,
    RiskLevel,
)

__all__ = [
    "Agreement",
    "AgreementField",
    "AgreementKind",
    "AgreementStatus",
    "BudgetLine",
    "BudgetStatus",
    "Contact",
    "Engagement",
    "EngagementKind",
    "Event",
    "EventKind",
    "EventSubmission",
    "FollowUp",
    "Milestone",
    "Partner",
    "PartnerIdentifier",
    "PartnerKind",
    "PartnerRole",
    "Project",
    "ProjectKind",
    "ProjectPartner",
    "ProjectSite",
    "ProjectStatus",
    "Risk",
    "RiskLevel",
]
