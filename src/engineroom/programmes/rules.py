"""Rules of the portfolio: 5×5 risk scoring and its bands, which risks may become issues, and the
life of a highlight report (draft → submitted → approved, then locked)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from engineroom.programmes.models import RAG, HighlightReport, ReportStatus, Risk, RiskStatus
from engineroom.web import formatting

LIKELIHOOD = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}


def score(likelihood: int, impact: int) -> int:
    if likelihood not in LIKELIHOOD or impact not in IMPACT:
        raise ValueError("Likelihood and impact are each scored from 1 to 5.")
    return likelihood * impact


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int
    high: int


BANDS = (
    Band("low", "Low", 1, 3),
    Band("moderate", "Moderate", 4, 6),
    Band("high", "High", 8, 12),
    Band("extreme", "Extreme", 15, 25),
)


def band(value: int) -> Band:
    """The band of a score (1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme)."""
    for b in BANDS:
        if b.low <= value <= b.high:
            return b
    raise ValueError(f"{value} is not a 5×5 risk score.")


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band(self.score)


def matrix(pairs: Iterable[tuple[int, int]]) -> list[list[Cell]]:
    """Rows of cells, likelihood 5 (top) to 1, impact 1 to 5 across, counting each pair."""
    counts = Counter(pairs)
    return [
        [Cell(likelihood, impact, counts.get((likelihood, impact), 0)) for impact in range(1, 6)]
        for likelihood in range(5, 0, -1)
    ]


def can_become_issue(risk: Risk) -> bool:
    """Only an open risk can happen (and so become an issue)."""
    return risk.status == RiskStatus.OPEN


# --- Highlight reports -----------------------------------------------------------------------

SUBMITTABLE = frozenset({ReportStatus.DRAFT})
APPROVABLE = frozenset({ReportStatus.DRAFT, ReportStatus.SUBMITTED})
RAG_ORDER = {RAG.GREEN: 0, RAG.AMBER: 1, RAG.RED: 2}


class ReportLocked(PermissionDenied):
    """An approved report cannot be changed."""

    def __init__(self, report: HighlightReport):
        super().__init__(
            f"The {formatting.month(report.month)} report for {report.programme.name} was approved"
            f" by {report.approved_by} and cannot be changed."
        )


def ensure_changeable(report: HighlightReport) -> None:
    """Refuse (403) any change to an approved, locked report."""
    if report.locked:
        raise ReportLocked(report)


def can_submit(report: HighlightReport) -> bool:
    return report.status in SUBMITTABLE


def can_approve(report: HighlightReport) -> bool:
    return report.status in APPROVABLE


def worst(rags: Iterable[str]) -> str:
    """The worst of some ratings (red over amber over green); "" for none."""
    rags = list(rags)
    return max(rags, key=RAG_ORDER.get) if rags else ""
