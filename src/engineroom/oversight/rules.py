"""The oversight rules: each series read as an XmR chart against the standard of its year, the
words of a trigger and when it fires, and a system's segment under the framework of the year.

No database here: callers pass months and values; the SPC engine is ``population.spc``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from engineroom.oversight.catalogue import Framework, Measure, measure, meets
from engineroom.population.spc import SpcOptions, SpcResult, xmr
from engineroom.web import formatting, periods

RECENT = 12  # point types kept on the summary, for the sparkline of types
CONCERN = "special_cause_concern"


def targets(measure: Measure, months: Sequence[dt.date]) -> list[float | None]:
    """The standard's target in force in each month (a new year's standard takes over in April)."""
    found = [measure.standard_on(m) for m in months]
    return [s.target if s else None for s in found]


def read(
    measure: Measure,
    months: Sequence[dt.date],
    values: Sequence[float],
    options: SpcOptions | None = None,
    rebase_at: Sequence[int] = (),
) -> SpcResult:
    """The series as Making Data Count reads it (by default the platform's: no screening, MDC's
    two-of-three rule), each point against its year's target; limits recalculated each April for
    a measure whose process is a year's plan, unless the caller says where."""
    options = options or SpcOptions(improvement=measure.improvement)
    if measure.recalculate_each_year and not rebase_at:
        rebase_at = [i for i, m in enumerate(months) if i and m.month == 4]
    return xmr(values, target=targets(measure, months), options=options, rebase_at=rebase_at)


def summary(measure: Measure, months: Sequence[dt.date], values: Sequence[float]) -> dict:
    """The fields of a ``MeasureSummary`` for one series (months ascending, at least one)."""
    result = None if measure.cumulative else read(measure, months, values)
    standard = measure.standard_on(months[-1])
    target = standard.target if standard else None
    interim = standard.interim if standard else None
    return {
        "months": len(values),
        "last_month": months[-1],
        "last_value": values[-1],
        "target": target,
        "interim": interim,
        "meets_target": meets(measure, values[-1], target),
        "meets_interim": meets(measure, values[-1], interim),
        "scored": bool(standard and standard.scored),
        "variation_icon": (result and result.variation_icon) or "",
        "assurance_icon": (result and result.assurance_icon) or "",
        "recent_types": [p.point_type for p in result.points[-RECENT:]] if result else [],
    }


@dataclass(frozen=True)
class TriggerSpec:
    measure: str
    condition: str  # special_cause_concern | not_met
    months: int
    against: str  # none | target | interim
    consequence: str


def wording(spec: TriggerSpec, measure: Measure) -> str:
    """The trigger in plain words, as a regulator would write it."""
    count = "1 month" if spec.months == 1 else f"{spec.months} consecutive months"
    what = "special cause concern" if spec.condition == CONCERN else "not meeting the standard"
    while_ = {
        "none": "",
        "target": f" while {short_of(measure)} the standard",
        "interim": f" while {short_of(measure)} the interim standard",
    }[spec.against]
    return f"{count} of {what} on {measure.name}{while_} → {spec.consequence}"


def short_of(measure: Measure) -> str:
    """How a value that misses a standard stands against it: below when higher is better, above
    when lower is better (8.3 minutes against 7 is above it)."""
    return {"increase": "below", "decrease": "above"}.get(measure.improvement, "not meeting")


def spec_of(trigger) -> TriggerSpec:
    """The spec of a stored trigger (anything with the fields)."""
    fields = ("measure", "condition", "months", "against", "consequence")
    return TriggerSpec(**{f: getattr(trigger, f) for f in fields})


def wording_of(trigger) -> str:
    return wording(spec_of(trigger), measure(trigger.measure))


def _held(spec: TriggerSpec, measure: Measure, month: dt.date, value: float, kind: str) -> bool:
    standard = measure.standard_on(month)
    if spec.condition == CONCERN:
        if kind != CONCERN:
            return False
    elif meets(measure, value, standard.target if standard else None) is not False:
        return False
    if spec.against == "none":
        return True
    bar = None if standard is None else getattr(standard, spec.against)
    return meets(measure, value, bar) is False


def firings(
    spec: TriggerSpec, measure: Measure, months: Sequence[dt.date], values: Sequence[float]
) -> list[tuple[int, list[dict]]]:
    """Each month (index) the trigger fires, judged as it would have been that month (the chart
    drawn with the data up to then), with the evidence: the months that met the condition."""
    fired, run = [], []
    for i in range(len(values)):
        if i and months[i] != periods.add_months(months[i - 1], 1):
            run = []  # a missing month breaks "consecutive"
        kind = _type_then(measure, months[: i + 1], values[: i + 1])
        if _held(spec, measure, months[i], values[i], kind):
            run.append(_evidence(measure, months[i], values[i], kind))
        else:
            run = []
        if len(run) >= spec.months:
            fired.append((i, run[-spec.months :]))
    return fired


def _type_then(measure: Measure, months, values) -> str:
    """The last point's type as the chart drawn on the data up to then read it (a running total
    is never charted, so it has no special cause)."""
    if measure.cumulative:
        return "common_cause"
    return read(measure, months, values).points[-1].point_type


def _evidence(measure: Measure, month: dt.date, value: float, kind: str) -> dict:
    standard = measure.standard_on(month)
    return {
        "month": month.isoformat(),
        "value": value,
        "point_type": kind,
        "target": standard.target if standard else None,
        "interim": standard.interim if standard else None,
    }


@dataclass(frozen=True)
class MetricScore:
    measure: Measure
    score: int  # 1 (best) to 4
    reason: str


def metric_score(measure: Measure, row: dict, unit_text) -> MetricScore:
    """Score one scored measure from its summary: 1 meets the standard; 2 meets the interim
    standard or is improving; 3 below, common cause; 4 below with special cause concern or a
    target the process will consistently fail."""
    shown = f"{unit_text(row['last_value'])} in {formatting.month(row['last_month'])}"
    missed = f"{short_of(measure)} the standard of {unit_text(row['target'])}"
    concern = row["variation_icon"].startswith("concern")
    failing = row["assurance_icon"] == "consistent_fail"
    if row["meets_target"]:
        return MetricScore(measure, 1, f"{measure.name}: {shown}, meets the standard")
    if row["meets_interim"] or row["variation_icon"].startswith("improvement"):
        how = "meets the interim standard" if row["meets_interim"] else "improving"
        return MetricScore(measure, 2, f"{measure.name}: {shown}, {missed}, {how}")
    if concern or failing:
        why = "special cause concern" if concern else "the process will not meet the standard"
        return MetricScore(measure, 4, f"{measure.name}: {shown}, {missed}, {why}")
    return MetricScore(measure, 3, f"{measure.name}: {shown}, {missed}")


def segment(framework: Framework, scores: Sequence[MetricScore], intensive: Sequence[str]):
    """The segment and its reasons: the mean metric score in bands, the worst segment only when a
    trigger that means intensive support has fired (the Recovery Support Programme)."""
    mean = sum(s.score for s in scores) / len(scores) if scores else None
    bands = framework.worst - 1  # the worst segment is for intensive support only
    band = 1 if mean is None else min(bands, 1 + int((mean - 1) / 3 * bands + 1e-9))
    number = framework.worst if intensive else band
    head = f"Segment {number} of {framework.worst} under the {framework.name}" + (
        f": mean score {mean:.2f} across {len(scores)} scored measure"
        + ("s" if len(scores) != 1 else "")
        if scores
        else ""
    )
    worst = sorted(scores, key=lambda s: -s.score)[:5]
    reasons = [head, *(f"Trigger fired: {t}" for t in intensive)]
    reasons += [f"{s.reason} (score {s.score})" for s in worst if s.score >= 3]
    return number, mean, reasons
