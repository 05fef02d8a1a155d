"""The text a new monthly report starts from: ratings suggested by the rules from the milestones,
open risks and benefits delivered against plan; the commentary and decisions carried forward from
the last report; achievements and next steps from the milestones. The author changes any of it."""

from __future__ import annotations

from engineroom.programmes import rules
from engineroom.programmes.queries import ReportFacts
from engineroom.web import formatting


def _milestone(m, *, achieved: bool = False) -> str:
    day = m.actual_date if achieved else m.forecast_date
    word = "achieved" if achieved else "forecast"
    return f"{m.name} ({m.project.name}), {word} {formatting.date(day)}"


def _facts_line(facts: ReportFacts) -> str:
    total, late = len(facts.milestones), len(facts.late)
    parts = [f"Milestones: {total - late} of {total} on schedule"]
    if facts.late:
        parts[0] += "; late: " + "; ".join(_milestone(m) for m in facts.late)
    if facts.risks:
        worst = facts.risks[0]
        band = rules.band(worst.current_score).label.lower()
        parts.append(
            f"Open risks: {len(facts.risks)}, the highest {worst.ref} {worst.title}"
            f" (score {worst.current_score}, {band})"
        )
    else:
        parts.append("Open risks: none")
    if facts.planned:
        share = formatting.percent(facts.delivered / facts.planned)
        parts.append(
            f"Benefits to date: {formatting.money(facts.delivered)} delivered of"
            f" {formatting.money(facts.planned)} planned ({share})"
        )
    return ". ".join(parts) + "."


def report_initial(facts: ReportFacts) -> dict[str, str]:
    """The fields of a new report, ready to change."""
    late, total = len(facts.late), len(facts.milestones)
    worst = facts.risks[0].current_score if facts.risks else 0
    ratings = {
        "schedule_rag": rules.schedule_rag(late, total),
        "finance_rag": rules.finance_rag(facts.delivered, facts.planned),
        "risk_rag": rules.risk_rag(worst),
    }
    ratings["overall_rag"] = rules.worst(ratings.values())
    last = facts.last
    commentary = _facts_line(facts)
    if last is not None:
        commentary += f"\n\nFrom the {formatting.month(last.month)} report: {last.commentary}"
    achieved = "\n".join(_milestone(m, achieved=True) for m in facts.achieved)
    upcoming = "\n".join(_milestone(m) for m in facts.upcoming)
    return {
        "month": f"{facts.month:%Y-%m}",
        **ratings,
        "commentary": commentary,
        "achievements": achieved,
        "next_steps": upcoming or (last.next_steps if last else ""),
        "decisions_needed": last.decisions_needed if last else "",
    }
