"""The life of a highlight report, which risks may become issues, and how the portfolio is shown:
rating tags, risk score tags and the dependency map drawn by ``web.charts``."""

import datetime as dt

import pytest

from engineroom.programmes import presenters, queries, rules
from engineroom.programmes.models import (
    Dependency,
    HighlightReport,
    Milestone,
    Programme,
    Project,
    ReportStatus,
    Risk,
    RiskStatus,
)
from engineroom.system.models import System
from engineroom.web import charts


@pytest.mark.parametrize(
    ("status", "submit", "approve", "locked"),
    [
        (ReportStatus.DRAFT, True, True, False),
        (ReportStatus.SUBMITTED, False, True, False),
        (ReportStatus.APPROVED, False, False, True),
    ],
)
def test_a_report_moves_from_draft_to_submitted_to_approved_and_locked(
    status, submit, approve, locked
):
    report = HighlightReport(status=status, month=dt.date(2025, 4, 1))
    report.programme = Programme(name="Stroke")
    assert rules.can_submit(report) is submit
    assert rules.can_approve(report) is approve
    if locked:
        with pytest.raises(rules.ReportLocked, match="April 2025 report for Stroke"):
            rules.ensure_changeable(report)
    else:
        rules.ensure_changeable(report)


def test_the_worst_rating_wins():
    assert rules.worst(["green", "red", "amber"]) == "red"
    assert rules.worst(["green", "amber"]) == "amber"
    assert rules.worst([]) == ""


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(RiskStatus.OPEN, True), (RiskStatus.CLOSED, False), (RiskStatus.BECAME_ISSUE, False)],
)
def test_only_an_open_risk_can_become_an_issue(status, allowed):
    assert rules.can_become_issue(Risk(status=status)) is allowed


def test_risk_rows_carry_their_score_as_a_tag_coloured_by_band():
    risks = [
        Risk(current_likelihood=4, current_impact=4),
        Risk(current_likelihood=1, current_impact=2),
    ]
    (_, high), (_, low) = presenters.risk_rows(risks)
    assert (high.text, high.css) == ("16 Extreme", "nhsuk-tag--red")
    assert (low.text, low.css) == ("2 Low", "nhsuk-tag--green")


def test_the_dependency_map_is_a_diagram_with_links_and_broken_lines_in_red():
    system = System(code="vale")
    digital = Programme(pk=1, code="digital", name="Digital and interoperability")
    stroke = Programme(pk=2, code="stroke", name="Stroke and cardiovascular disease services")
    record = Milestone(name="Shared record live", project=Project(name="Record", programme=digital))
    waits = Dependency(
        dependent=Project(name="Hyper-acute unit", programme=stroke), milestone=record
    )
    graph = queries.DependencyMap(
        [digital, stroke], [queries.MapEdge(waits, source=digital, target=stroke, broken=True)]
    )
    chart = presenters.dependency_chart(graph, system)
    assert chart.interactive and "broken dependencies are drawn red" in chart.title
    links = {s.href for s in chart.shapes if s.href}
    assert links == {"/systems/vale/programmes/digital/", "/systems/vale/programmes/stroke/"}
    (line,) = [s for s in chart.shapes if s.kind == "path"]
    assert line.attrs["stroke"] == charts.RED and line.attrs["stroke-dasharray"] == "8 4"
    assert line.attrs["marker-end"] == "url(#er-arrow-broken)"
    assert line.tip == "Hyper-acute unit waits on Shared record live of Record: broken"
    assert any(s.text == "Stroke and cardiovascular disea…" for s in chart.shapes)
    assert chart.table.rows == [("Hyper-acute unit", "Shared record live", "Broken")]
