"""Programme pages: the portfolio and its registers, monthly reports and quarterly returns,
imports. Each page is a ``web.pages`` page: one permission, reads through ``queries``, writes
through one function of ``actions``."""

from engineroom.programmes.views.plan import (
    BenefitEdit,
    BenefitMonthRecord,
    DependencyEdit,
    MilestoneNew,
    ProjectEdit,
)
from engineroom.programmes.views.portfolio import (
    DependencyMapView,
    ExportRegisters,
    MilestoneEdit,
    Portfolio,
    ProgrammeDetail,
    ProgrammeEdit,
    ProjectDocument,
)
from engineroom.programmes.views.reports import (
    QuarterlyIndex,
    QuarterlyPDF,
    QuarterlyReturnView,
    ReportDetail,
    ReportEdit,
    ReportPDF,
    ReportTransition,
)
from engineroom.programmes.views.risks import IssueRegister, RiskEdit, RiskRegister, RiskToIssue
from engineroom.programmes.views.uploads import ImportPreview, ImportUpload

__all__ = [
    "BenefitEdit",
    "BenefitMonthRecord",
    "DependencyEdit",
    "DependencyMapView",
    "ExportRegisters",
    "ImportPreview",
    "ImportUpload",
    "IssueRegister",
    "MilestoneEdit",
    "MilestoneNew",
    "Portfolio",
    "ProgrammeDetail",
    "ProgrammeEdit",
    "ProjectDocument",
    "ProjectEdit",
    "QuarterlyIndex",
    "QuarterlyPDF",
    "QuarterlyReturnView",
    "ReportDetail",
    "ReportEdit",
    "ReportPDF",
    "ReportTransition",
    "RiskEdit",
    "RiskRegister",
    "RiskToIssue",
]
