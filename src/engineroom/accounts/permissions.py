"""What a user may do: one permission enum and the roles that grant permissions.

Roles are classes so each carries a plain-English description shown to administrators and on the
login page. A user holds roles through memberships scoped to a region, system or organisation.
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    SYSTEM_VIEW = "system.view"
    SYSTEM_LOAD = "system.load"
    REGION_VIEW = "region.view"
    GOVERNANCE_VIEW = "governance.view"
    GOVERNANCE_EDIT = "governance.edit"
    PROGRAMMES_VIEW = "programmes.view"
    PROGRAMMES_EDIT = "programmes.edit"
    WORKFORCE_VIEW = "workforce.view"
    WORKFORCE_EDIT = "workforce.edit"
    FINANCE_VIEW = "finance.view"
    FINANCE_EDIT = "finance.edit"
    POPULATION_VIEW = "population.view"
    WORKLIST_VIEW = "worklist.view"
    RECORD_VIEW = "record.view"
    RECORD_REVIEW = "record.review"
    FEEDS_MANAGE = "feeds.manage"
    OVERSIGHT_VIEW = "oversight.view"
    OVERSIGHT_EDIT = "oversight.edit"
    ENGAGEMENT_VIEW = "engagement.view"
    ENGAGEMENT_EDIT = "engagement.edit"
    AUDIT_VIEW = "audit.view"


P = Permission
_EVERY_PARTNER_SEES = frozenset(
    {
        P.SYSTEM_VIEW,
        P.GOVERNANCE_VIEW,
        P.PROGRAMMES_VIEW,
        P.FINANCE_VIEW,
        P.OVERSIGHT_VIEW,
        P.ENGAGEMENT_VIEW,
    }
)


class Role:
    """A named bundle of permissions."""

    key: str
    name: str
    description: str
    permissions: frozenset[Permission]


class SystemLeader(Role):
    key, name = "system_leader", "System leader"
    description = "ICS chair, lead or partnership board member: sees the whole system on one page."
    permissions = _EVERY_PARTNER_SEES | {P.WORKFORCE_VIEW, P.POPULATION_VIEW, P.REGION_VIEW}


class ProgrammeOffice(Role):
    key, name = "pmo", "Programme office (engine room)"
    description = "Runs programmes: plans, monthly reports, risks, benefits, engine-room staff."
    permissions = _EVERY_PARTNER_SEES | {
        P.PROGRAMMES_EDIT,
        P.WORKFORCE_VIEW,
        P.WORKFORCE_EDIT,
        P.POPULATION_VIEW,
    }


class Finance(Role):
    key, name = "finance", "Finance"
    description = "Finance director or team: open-book plans and forecasts of their organisation."
    permissions = _EVERY_PARTNER_SEES | {P.FINANCE_EDIT, P.WORKFORCE_VIEW}


class Governance(Role):
    key, name = "governance", "Governance"
    description = "Board secretary or governance lead: bodies, meetings, decisions and interests."
    permissions = _EVERY_PARTNER_SEES | {P.GOVERNANCE_EDIT, P.ENGAGEMENT_EDIT}


class Analyst(Role):
    key, name = "analyst", "Population health analyst"
    description = (
        "Pseudonymised, suppressed population analysis (never identifiable records) and the "
        "analysis of consultations."
    )
    permissions = _EVERY_PARTNER_SEES | {P.POPULATION_VIEW, P.OVERSIGHT_EDIT, P.ENGAGEMENT_EDIT}


class DataManager(Role):
    key, name = "data_manager", "Data manager"
    description = "Loads organisations and partner feeds, works the quarantine and unlinked queue."
    permissions = _EVERY_PARTNER_SEES | {P.SYSTEM_LOAD, P.FEEDS_MANAGE, P.POPULATION_VIEW}


class Clinician(Role):
    key, name = "clinician", "Clinician or care professional"
    description = (
        "Direct care: the shared record and worklists of people their team has a legitimate "
        "relationship with; every view is audited."
    )
    permissions = frozenset({P.SYSTEM_VIEW, P.RECORD_VIEW, P.WORKLIST_VIEW, P.POPULATION_VIEW})


class CaldicottGuardian(Role):
    key, name = "caldicott", "Caldicott Guardian"
    description = (
        "Protects the confidentiality of their organisation's patients: reviews every break-glass "
        "access to the shared record made by its staff."
    )
    permissions = _EVERY_PARTNER_SEES | {P.RECORD_REVIEW}


class Regulator(Role):
    key, name = "regulator", "Regulator or regional team"
    description = (
        "Every system in the region: performance against national standards charted the Making "
        "Data Count way, the written triggers for intervention (which they keep), segmentation, "
        "leadership compared across systems, each system's finance position and its governance."
    )
    permissions = frozenset(
        {
            P.SYSTEM_VIEW,
            P.REGION_VIEW,
            P.OVERSIGHT_VIEW,
            P.OVERSIGHT_EDIT,
            P.FINANCE_VIEW,
            P.GOVERNANCE_VIEW,
            P.PROGRAMMES_VIEW,
        }
    )


class Public(Role):
    key, name = "public", "Member of the public or Healthwatch"
    description = "Published decisions, papers and consultations; no internal or personal data."
    permissions = frozenset({P.SYSTEM_VIEW, P.ENGAGEMENT_VIEW})


ROLES: dict[str, type[Role]] = {
    r.key: r
    for r in (
        SystemLeader,
        ProgrammeOffice,
        Finance,
        Governance,
        Analyst,
        DataManager,
        Clinician,
        CaldicottGuardian,
        Regulator,
        Public,
    )
}
ROLE_CHOICES = [(key, role.name) for key, role in ROLES.items()]
