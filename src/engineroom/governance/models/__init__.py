"""How a system decides: bodies, delegations, meetings, decisions, ratifications and interests.

Money is integer pence. Memberships, delegations and interests are dated relations. Every change
to a decision, membership or interest is made by a function in ``governance.actions`` with one
audit entry, so an object's history is the audit log filtered by its subject
(``governance.decision:<pk>`` etc.). The models live in one module per part of the domain and are
all importable from here.
"""

from engineroom.governance.models.bodies import (
    EXTERNAL_KINDS,
    Body,
    BodyKind,
    Cadence,
    Category,
    DecisionMode,
    Delegation,
    Member,
    MemberRole,
)
from engineroom.governance.models.decisions import (
    Decision,
    DecisionStatus,
    PartnerDecision,
    PartnerDecisionKind,
    PartnerOutcome,
)
from engineroom.governance.models.interests import (
    AnnualReturn,
    Declaration,
    Interest,
    InterestKind,
)
from engineroom.governance.models.meetings import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Capacity,
    ItemMinute,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Paper,
    Purpose,
    paper_path,
)

__all__ = [
    "EXTERNAL_KINDS",
    "Action",
    "ActionStatus",
    "AgendaItem",
    "AnnualReturn",
    "Attendance",
    "AttendanceStatus",
    "Body",
    "BodyKind",
    "Cadence",
    "Capacity",
    "Category",
    "Decision",
    "DecisionMode",
    "DecisionStatus",
    "Declaration",
    "Delegation",
    "Interest",
    "InterestKind",
    "ItemMinute",
    "Meeting",
    "MeetingStatus",
    "Member",
    "MemberRole",
    "MinutesStatus",
    "Paper",
    "PartnerDecision",
    "PartnerDecisionKind",
    "PartnerOutcome",
    "Purpose",
    "paper_path",
]
