"""The population health pages' charts and display values, built on ``web.charts`` and
``web.formatting``.

Every number here comes from a published (suppressed) aggregate. A suppressed value (``*``) is
drawn with no bar and stays visible as ``*`` in the chart's text and the page's tables.
"""

from __future__ import annotations

from engineroom.phm import published
from engineroom.phm.suppression import SUPPRESSED
from engineroom.web import charts, formatting

DARK, GREY, PINK = "#003087", "#768692", "#ae2573"
SHORT_SEGMENTS = {
    "end_of_life": "End of life",
    "frailty_dementia": "Frailty or dementia",
    "organ_failure": "Organ failure",
    "stable_disability": "Stable disability",
    "chronic_conditions": "Chronic conditions",
    "maternal_infant": "Maternal and infant",
    "acutely_ill": "Acutely ill",
    "healthy": "Healthy",
}
QUINTILE_LABELS = {1: "1 (most deprived)", 5: "5 (least deprived)"}
SHORT_CONDITIONS = {"ckd": "Kidney disease"}  # chart labels; the table beside has full names


def value(number) -> float | None:
    """The number to draw, or None (no bar) when it is suppressed or unknown."""
    return None if number in (SUPPRESSED, None) else float(number)


def bar(label: str, number, *, suffix: str = "", fill: str = charts.BLUE) -> charts.Bar:
    text = formatting.published(number)
    if value(number) is not None:
        text += suffix
    return charts.Bar(label, value(number), text, fill)


def _percent_tick(v: float) -> str:
    return f"{v:g}%"


def share_chart(title: str, items: list[tuple[str, object]], *, fill: str = charts.BLUE):
    """Horizontal bars of percentages (already ×100 in the published results)."""
    return charts.bar_chart(
        title,
        [bar(label, share, suffix="%", fill=fill) for label, share in items],
        axis_label="Per cent of people",
        tick_format=_percent_tick,
        table_header=("", "%"),
    )


def pyramid(rows: list[dict]) -> charts.Chart:
    """Population pyramid: men to the left, women to the right, oldest at the top."""
    return charts.pyramid(
        "Population by age band and sex, men to the left and women to the right",
        [
            (
                r["band"],
                value(r["male"]),
                value(r["female"]),
                formatting.published(r["male"]),
                formatting.published(r["female"]),
            )
            for r in rows
        ],
        axis_label="People",
    )


def segments_chart(rows: list[dict]) -> charts.Chart:
    return share_chart(
        "Share of people in each segment",
        [(SHORT_SEGMENTS[r["segment"]], r["percent"]) for r in rows],
    )


def frailty_chart(categories: list[dict]) -> charts.Chart:
    return share_chart(
        "Share of people aged 65 and over in each eFI category",
        [(c["category"], c["percent"]) for c in categories],
    )


def risk_chart(groups: list[dict]) -> charts.Chart:
    return charts.bar_chart(
        "People in the highest emergency admission risk groups",
        [bar(g["group"], g["people"], fill=DARK) for g in groups],
        axis_label="People",
        table_header=("Group", "People"),
    )


def prevalence_chart(conditions: list[dict]) -> charts.Chart:
    return charts.grouped_bar_chart(
        "Recorded and expected prevalence",
        [
            (
                SHORT_CONDITIONS.get(p["condition"], p["label"]),
                [
                    bar(p["label"], p["recorded_percent"], suffix="%"),
                    bar(p["label"], p["expected_percent"], suffix="%"),
                ],
            )
            for p in conditions
        ],
        series=[("Recorded", charts.BLUE), ("Expected", GREY)],
        axis_label="Per cent of registered people",
        tick_format=_percent_tick,
    )


def gradient(measure: dict) -> charts.Chart:
    """A measure by deprivation quintile, most deprived first."""
    return share_chart(
        measure["label"],
        [
            (QUINTILE_LABELS.get(q["quintile"], str(q["quintile"])), q["rate"])
            for q in measure["quintiles"]
        ],
        fill=PINK,
    )


def dashboard_charts(area: dict) -> dict:
    """Every chart of an area's dashboard (each page table stays beside its chart)."""
    return {
        "pyramid": pyramid(area["pyramid"]),
        "segments_chart": segments_chart(area["segments"]),
        "frailty_chart": frailty_chart(area["frailty"]["categories"]),
        "risk_chart": risk_chart(area["risk"]),
        "prevalence_chart": prevalence_chart(area["prevalence"]),
        "gradients": [{"measure": m, "chart": gradient(m)} for m in area["inequalities"]],
    }


def calibration(deciles: list[dict]) -> charts.Chart:
    """Observed against predicted risk by tenth of predicted risk, with the y = x line. A tenth
    whose observed rate rests on 1-7 people (``*``) has no point; the table beside shows ``*``."""
    return charts.scatter_chart(
        "Observed against predicted risk by tenth of predicted risk, with the line of "
        "perfect calibration",
        [
            (d["predicted"], d["observed"], f"predicted {d['predicted']}, observed {d['observed']}")
            for d in deciles
            if value(d["observed"]) is not None
        ],
        x_label="Predicted risk",
        y_label="Observed",
        table_header=("Predicted", "Observed"),
    )


def model_metrics(metrics: dict) -> dict:
    """The model card's numbers with the same disclosure control as every aggregate, through
    :func:`engineroom.phm.published.metrics` (already applied when the card was published: doing
    it again changes nothing): people counts suppressed, PPV and sensitivity built on suppressed
    counts, subgroup AUROC withheld for groups of 1-7 people."""
    out = published.metrics(metrics)
    for top in out["top"]:
        top["label"] = f"top {top['fraction'] * 100:g}%"
        for key in ("ppv", "sensitivity"):
            if isinstance(top[key], float):
                top[f"{key}_percent"] = round(100 * top[key], 1)
    return out


def _rate(top: dict, key: str) -> str:
    """A PPV or sensitivity as ``45.5%``, or ``*`` when suppressed."""
    percent = top.get(f"{key}_percent")
    return f"{percent}%" if percent is not None else formatting.published(top[key])


def top_rows(gbm: dict, logistic: dict) -> list[dict]:
    """PPV and sensitivity at the top of the risk list, with the baseline's PPV beside each."""
    baseline = {t["fraction"]: _rate(t, "ppv") for t in logistic["top"]}
    return [
        {
            "label": t["label"],
            "people": formatting.published(t["people"]),
            "ppv": _rate(t, "ppv"),
            "sensitivity": _rate(t, "sensitivity"),
            "logistic_ppv": baseline.get(t["fraction"], ""),
        }
        for t in gbm["top"]
    ]


def model_card(card: dict) -> dict:
    """What the model card page shows of a trained model's card."""
    metrics = card["metrics"]
    gbm, logistic = model_metrics(metrics["gbm"]), model_metrics(metrics["logistic"])
    return {
        "gbm": gbm,
        "logistic": logistic,
        "top": top_rows(gbm, logistic),
        "oracle_auroc": metrics["oracle_auroc"],
        "calibration_chart": calibration(gbm["calibration"]["deciles"]),
    }
