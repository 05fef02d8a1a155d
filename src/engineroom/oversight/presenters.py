"""Display for the oversight pages: values in their units, icons in words, the segment."""

from __future__ import annotations

import datetime as dt

from engineroom.oversight import rules
from engineroom.oversight.catalogue import measures
from engineroom.population.spc import SpcOptions
from engineroom.system.models import AssignmentStatus
from engineroom.web import charts, formatting


def value_text(unit: str, value: float | None) -> str:
    """A measure's value in its unit: ``75.3%``, ``32.5 minutes``, ``12,345``, ``£1.25m``."""
    if value is None:
        return formatting.MISSING
    if unit == "percent":
        return f"{formatting.number(value, 1)}%"
    if unit == "minutes":
        return f"{formatting.number(value, 1)} minutes"
    if unit == "pounds":
        return formatting.money_short(round(value * 100))
    return formatting.number(value)


VARIATION_ORDER = (
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    "common_cause",
    "improvement_high",
    "improvement_low",
    "",
)
ASSURANCE_ORDER = ("consistent_fail", "inconsistent", "consistent_pass", "")
SORTS = {
    "measure": lambda r: (r["domain"], r["name"]),
    "variation": lambda r: (VARIATION_ORDER.index(r["variation"]), r["name"]),
    "assurance": lambda r: (ASSURANCE_ORDER.index(r["assurance"]), r["name"]),
    "standard": lambda r: ({False: 0, None: 1, True: 2}[r["meets"]], r["name"]),
}
SORT_LABELS = {
    "measure": "Area and measure",
    "variation": "Variation (concerns first)",
    "assurance": "Assurance (failing first)",
    "standard": "Standard (not met first)",
}


def standard_text(unit: str, target: float | None, interim: float | None) -> str:
    if target is None and interim is None:
        return "No national standard (contextual)"
    parts = [f"{value_text(unit, target)}" if target is not None else ""]
    if interim is not None:
        parts.append(f"interim {value_text(unit, interim)}")
    return ", ".join(p for p in parts if p)


def met_text(meets: bool | None) -> str:
    return {True: "Met", False: "Not met", None: "No standard"}[meets]


def summary_row(row) -> dict:
    """One measure of the Making Data Count summary, every cell as text, with the icon keys."""
    m, s = row.measure, row.summary
    return {
        "code": m.code,
        "name": m.name,
        "domain": m.domain,
        "scored": "Scored" if s.scored else "Contextual",
        "month": formatting.month(s.last_month),
        "value": value_text(m.unit, s.last_value),
        "standard": standard_text(m.unit, s.target, s.interim),
        "meets": s.meets_target,
        "met": met_text(s.meets_target),
        "variation": s.variation_icon,
        "assurance": s.assurance_icon,
        "months": s.months,
        "cumulative": m.cumulative,
    }


def summary_table(rows, sort: str) -> list[dict]:
    """The summary's rows sorted by ``sort`` (one of ``SORTS``; anything else: by measure)."""
    shown = [summary_row(r) for r in rows]
    return sorted(shown, key=SORTS.get(sort, SORTS["measure"]))


def segment_text(segmentation) -> str:
    if segmentation is None:
        return "Not segmented"
    return f"Segment {segmentation.segment} ({formatting.financial_year(segmentation.year)})"


def measure_chart(measure, observations, options, rebase: dt.date | None = None):
    """The measure's XmR chart as Making Data Count draws it, with its table; limits
    recalculated from the first month on or after ``rebase`` (if it falls inside the series)."""
    months = [o.month for o in observations]
    if measure.cumulative:
        return running_total_chart(measure, observations), None
    at = [i for i, m in enumerate(months) if rebase and m >= rebase][:1]
    result = rules.read(measure, months, [o.value for o in observations], options, at)
    chart = charts.spc_chart(
        f"{measure.name}, by month",
        months,
        result,
        axis_label=UNIT_LABELS[measure.unit],
        tick_format=lambda v: value_text(measure.unit, v),
    )
    return chart, result


def running_total_chart(measure, observations):
    """A running total (the year-to-date finance position) as a line against its standard: its
    points are not independent, so Making Data Count's rules would read artefacts in it."""
    standard = measure.standard_on(observations[-1].month)
    target = (standard.target, "Plan") if standard and standard.target is not None else None
    return charts.line_chart(
        f"{measure.name}, by month",
        [charts.Series(measure.name, [(o.month, o.value) for o in observations])],
        axis_label=UNIT_LABELS[measure.unit],
        tick_format=lambda v: value_text(measure.unit, v),
        target=target,
    )


UNIT_LABELS = {
    "percent": "Per cent",
    "minutes": "Minutes",
    "count": "Number",
    "pounds": "Pounds",
}


def rebase_note(rebase: dt.date | None, observations) -> str:
    """Why a recalculation month asked for changed nothing (it is after the last month)."""
    if rebase and observations and rebase > observations[-1].month:
        last = formatting.month(observations[-1].month)
        first = formatting.month(rebase)
        return f"No month on or after {first} (the last is {last}): the limits are as before."
    return ""


def chart_rebase(form) -> dt.date | None:
    return form.cleaned_data.get("rebase") if form.is_bound and form.is_valid() else None


def chart_options(form, measure) -> SpcOptions:
    """The chart's options from its GET form; the platform's defaults when the form is unsent
    or wrong (the form shows its errors)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return SpcOptions(
        improvement=measure.improvement,
        screen=bool(data.get("screen")),
        rule=data.get("rule") or "mdc",
        fix_after=data.get("fix_after"),
    )


def standards(measure) -> list[dict]:
    """The measure's standard year by year, in words."""
    return [
        {
            "year": f"from {formatting.financial_year(s.year)}",
            "standard": standard_text(measure.unit, s.target, s.interim),
            "scored": "Scored" if s.scored else "Contextual",
        }
        for s in measure.standards
    ]


def sources(observations) -> str:
    kinds = sorted({o.get_source_display() for o in observations})
    return "; ".join(kinds) if kinds else ""


KEY_MEASURES = ("ae_4h", "rtt_18w", "cancer_62d", "amb_cat2", "tt_recovery")


def key_measures() -> list[tuple[str, str]]:
    return [(c, measures()[c].name) for c in KEY_MEASURES]


def trigger_initial(trigger) -> dict:
    fields = ("measure", "condition", "months", "against", "consequence", "intensive", "active")
    return {f: getattr(trigger, f) for f in fields}


POINT_TYPE_TEXT = {
    "common_cause": "common cause variation",
    "special_cause_improvement": "special cause improvement",
    "special_cause_concern": "special cause concern",
    "special_cause_neutral_high": "special cause, higher (no better direction)",
    "special_cause_neutral_low": "special cause, lower (no better direction)",
}


def evidence_line(unit: str, e: dict) -> str:
    """One month behind a firing: ``September 2026: 74.1%, special cause concern; interim
    standard 78.0%``."""
    month = formatting.month(dt.date.fromisoformat(e["month"]))
    text = f"{month}: {value_text(unit, e['value'])}, {POINT_TYPE_TEXT[e['point_type']]}"
    if e.get("interim") is not None:
        text += f"; interim standard {value_text(unit, e['interim'])}"
    if e.get("target") is not None:
        text += f"; standard {value_text(unit, e['target'])}"
    return text


def fired(firings) -> list[dict]:
    """Each firing in words with the data behind it."""
    return [
        {
            "wording": f.wording,
            "month": formatting.month(f.month),
            "system": f.system,
            "lines": [evidence_line(measures()[f.trigger.measure].unit, e) for e in f.evidence],
        }
        for f in firings
    ]


def leader_text(assignment) -> str:
    """The person in the role, or why nobody is: ``Vacant`` or ``Recruiting``."""
    if assignment is not None and assignment.person_id:
        return str(assignment.person)
    if assignment is not None and assignment.status == AssignmentStatus.RECRUITING:
        return AssignmentStatus.RECRUITING.label
    return AssignmentStatus.VACANT.label


def key_cell(summary) -> dict:
    if summary is None:
        return {"value": formatting.MISSING, "variation": "", "assurance": ""}
    unit = measures()[summary.measure].unit
    return {
        "value": value_text(unit, summary.last_value),
        "variation": summary.variation_icon,
        "assurance": summary.assurance_icon,
    }


def finance_cell(position, run_rate) -> dict:
    """The year-to-date position, with the icons of the in-month run rate's chart (a running
    total has none of its own)."""
    cell = key_cell(position)
    if run_rate is not None:
        cell.update(variation=run_rate.variation_icon, assurance=run_rate.assurance_icon)
    return cell


def region_row(row) -> dict:
    """One system of the regional view, every cell ready to show."""
    finance = row.finance
    return {
        "system": row.system,
        "segment": row.segment,
        "segment_text": segment_text(row.segment),
        "fired": [f.wording for f in row.fired],
        "finance": finance_cell(finance, row.run_rate),
        "finance_month": formatting.month(finance.last_month) if finance else "",
        "chair": leader_text(row.leaders.get("ics_chair")),
        "lead": leader_text(row.leaders.get("ics_lead")),
        "concerns": row.concerns,
        "key": [key_cell(row.key.get(code)) for code in KEY_MEASURES],
    }


def trigger_rows(triggers) -> list[dict]:
    return [{"trigger": t, "wording": rules.wording_of(t), "firings": t.fired} for t in triggers]
