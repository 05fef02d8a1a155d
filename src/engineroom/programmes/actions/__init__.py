"""Writing the portfolio: one function per use case, each atomic and audited once.

Every function takes the person acting as keyword-only ``by=`` and raises ``ValidationError`` for
anything the data refuses (shown on the form, against the field it names) or ``ReportLocked``
(403) for an approved report.
"""

from engineroom.programmes.actions.plan import (
    add_benefit,
    add_dependency,
    add_milestone,
    add_project,
    change_benefit,
    change_dependency,
    change_project,
    record_benefit_month,
)
from engineroom.programmes.actions.portfolio import (
    add_programme,
    change_programme,
    update_milestone,
)
from engineroom.programmes.actions.registers import add_risk, change_risk, risk_to_issue
from engineroom.programmes.actions.reports import (
    REPORT_CONTENT,
    approve_report,
    change_report,
    submit_report,
    write_report,
)
from engineroom.programmes.actions.uploads import apply_import, upload_import

__all__ = [
    "REPORT_CONTENT",
    "add_benefit",
    "add_dependency",
    "add_milestone",
    "add_programme",
    "add_project",
    "add_risk",
    "apply_import",
    "approve_report",
    "change_benefit",
    "change_dependency",
    "change_programme",
    "change_project",
    "change_report",
    "change_risk",
    "record_benefit_month",
    "risk_to_issue",
    "submit_report",
    "update_milestone",
    "upload_import",
    "write_report",
]
