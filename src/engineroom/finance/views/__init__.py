"""Finance pages: the open-book position, partners' plans and returns, transfers to balance,
incentives, pooled budgets, capitation, the left shift, scenarios, the board report and workbook.

Every page is a ``SystemPage``, ``ActionFormPage`` or ``DownloadPage``: readers need
``finance.view`` in the system; system-wide changes need ``finance.edit`` there; a partner's own
figures are changed only by its own finance team (``rules.require_own_partner``).
"""

from engineroom.finance.views.partners import (
    ImportPreview,
    PartnerDetail,
    PlanEdit,
    ReturnImport,
    ReturnTemplate,
)
from engineroom.finance.views.planning import Incentives, ScenarioDetail, Scenarios
from engineroom.finance.views.system import (
    BoardReport,
    BoardReportPdf,
    Capitation,
    Export,
    LeftShift,
    Pools,
    Position,
)
from engineroom.finance.views.transfers import RoundDetail, Transfers

__all__ = [
    "BoardReport",
    "BoardReportPdf",
    "Capitation",
    "Export",
    "ImportPreview",
    "Incentives",
    "LeftShift",
    "PartnerDetail",
    "PlanEdit",
    "Pools",
    "Position",
    "ReturnImport",
    "ReturnTemplate",
    "RoundDetail",
    "ScenarioDetail",
    "Scenarios",
    "Transfers",
]
