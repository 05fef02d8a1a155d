"""Rules of the portfolio: 5×5 risk scoring and its bands, which risks may become issues, the
life of a highlight report (draft → submitted → approved by someone other than its authors, then
locked), the status a rating means, the dates a milestone may take, which dependencies make sense
and the cycles among them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from engineroom.programmes.models import (
    RAG,
    HighlightReport,
    ReportStatus,
    Risk,
    RiskStatus,
    Status,
)
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


# --- No self-approval --------------------------------------------------------------------------

AUTHORING = frozenset({"created", "changed"})  # the versions whose savers wrote the report


class SelfApproval(ValidationError):
    """Whoever wrote or changed a report cannot approve it: a second person must."""

    def __init__(self, report: HighlightReport):
        super().__init__(
            f"You wrote or changed the {formatting.month(report.month)} report for"
            f" {report.programme.name}, so someone else must approve it."
        )


def may_approve(user_id: int | None, authors: Iterable[int | None]) -> bool:
    """Whether a user may approve a report written (or changed) by ``authors``."""
    return user_id is not None and user_id not in set(authors)


# --- Status and rating -------------------------------------------------------------------------

UNDER_WAY = frozenset({Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK})
STATUS_FOR_RAG = {RAG.GREEN: Status.ON_TRACK, RAG.AMBER: Status.AT_RISK, RAG.RED: Status.OFF_TRACK}


def status_for(status: str, rag: str) -> str:
    """The one rule giving the status that goes with a rating: a programme under way is on track
    when green, at risk when amber and off track when red; not started, complete and closed stay."""
    if status in UNDER_WAY and rag in STATUS_FOR_RAG:
        return STATUS_FOR_RAG[rag]
    return status


def status_problem(status: str, rag: str) -> str:
    """Why ``status`` cannot stand beside the latest approved rating ``rag`` ("" if it can)."""
    expected = status_for(status, rag)
    if not rag or expected == status:
        return ""
    return (
        f"The latest approved report rates the programme {RAG(rag).label}, so its status is"
        f" {Status(expected).label.lower()}: change the rating in a new report first."
    )


def risk_rag(worst_score: int) -> str:
    """The risk rating a report starts from: red for an extreme open risk, amber for a high one."""
    if worst_score >= BANDS[3].low:
        return RAG.RED
    return RAG.AMBER if worst_score >= BANDS[2].low else RAG.GREEN


def schedule_rag(late: int, total: int) -> str:
    """Green with no late milestone, amber with up to a quarter late, red beyond."""
    if not late:
        return RAG.GREEN
    return RAG.AMBER if late * 4 <= total else RAG.RED


def finance_rag(delivered: int, planned: int) -> str:
    """Green when benefits delivered reach 95% of plan, amber from 85%, red below."""
    if planned <= 0 or delivered * 100 >= planned * 95:
        return RAG.GREEN
    return RAG.AMBER if delivered * 100 >= planned * 85 else RAG.RED


# --- Milestones and dependencies ---------------------------------------------------------------


def milestone_date_problems(project, *, baseline, forecast, actual, today) -> dict[str, str]:
    """Field by field, why a milestone's dates do not fit its project: the baseline (when it is
    due) falls within the project; nothing lands before the project starts; nothing achieved in
    the future."""
    start, end = project.start_date, project.end_date
    errors = {}
    if baseline and ((start and baseline < start) or (end and baseline > end)):
        errors["baseline_date"] = f"The due date must be within the project ({_span(start, end)})."
    for field, label, day in (
        ("forecast_date", "forecast", forecast),
        ("actual_date", "actual", actual),
    ):
        if start and day and day < start:
            errors[field] = (
                f"The {label} date cannot be before the project starts ({formatting.date(start)})."
            )
    if actual and actual > today and "actual_date" not in errors:
        errors["actual_date"] = (
            "The actual date cannot be in the future: leave it empty until then."
        )
    return errors


def _span(start, end) -> str:
    if start and end:
        return f"{formatting.date(start)} to {formatting.date(end)}"
    return f"from {formatting.date(start)}" if start else f"up to {formatting.date(end)}"


def dependency_problems(dependent, milestone) -> dict[str, str]:
    """Why a project cannot wait on a milestone: its own, or one outside its system."""
    if milestone.project_id == dependent.pk:
        return {
            "milestone": "A project cannot depend on its own milestone: choose another project's."
        }
    if milestone.project.programme.system_id != dependent.programme.system_id:
        return {"milestone": "Choose a milestone of a project in the same system."}
    return {}


def cycles(nodes: Iterable, edges: Iterable[tuple]) -> list[list]:
    """One cycle for each strongly connected group of two or more nodes (Tarjan), as the nodes
    in order with the first repeated at the end; loops from a node to itself are not cycles."""
    order = {n: i for i, n in enumerate(nodes)}
    after: dict = {n: [] for n in order}
    for a, b in edges:
        if a != b and b not in after[a]:
            after[a].append(b)
    groups = [sorted(g, key=order.get) for g in _strongly_connected(after) if len(g) > 1]
    return [_cycle_through(g[0], after, set(g)) for g in sorted(groups, key=lambda g: order[g[0]])]


def _strongly_connected(after: dict) -> list[list]:
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in after[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            groups.append(group)

    for node in after:
        if node not in index:
            visit(node)
    return groups


def _cycle_through(start, after: dict, group: set) -> list:
    """The shortest way round from ``start`` back to itself within its group (breadth first)."""
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for nxt in after[path[-1]]:
            if nxt == start:
                return [*path, start]
            if nxt in group and nxt not in path:
                paths.append([*path, nxt])
    return [start, start]
