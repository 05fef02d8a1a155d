"""What the evaluation pages, the PDF and the quarterly return show of a stored briefing.

The briefing (``Evaluation.result``) is already suppressed by the engine: counts 1-7 are ``*``,
others rounded to 5, and a ratio resting on a suppressed count is ``*``. Here it is put into
words, tables and two charts (a love plot and a forest plot) through ``web.charts``.
"""

from __future__ import annotations

from engineroom.population.evaluation import words
from engineroom.population.phm.suppression import SUPPRESSED
from engineroom.web import formatting
from engineroom.web.charts.dots import DotRow, dot_chart

COVARIATES = {
    "age": "Age (years)",
    "female": "Female",
    "deprivation_decile": "Deprivation decile (1 = most deprived)",
    "efi": "Electronic frailty index",
    "long_term_conditions": "Long-term conditions",
    "dementia": "Dementia",
    "prior_emergency_admissions": "Emergency admissions, year before",
    "prior_ae_attendances": "A&E attendances, year before",
    "prior_emergency_bed_days": "Emergency bed days, year before",
    "prior_elective_admissions": "Elective admissions, year before",
}
OUTCOMES = {
    "ae_attendances": "A&E attendances",
    "emergency_admissions": "Emergency admissions",
    "emergency_bed_days": "Emergency bed days",
    "length_of_stay": "Length of stay (bed days per emergency admission)",
    "deaths_outside_hospital": "Deaths outside hospital",
}
HEADLINE = ("ae_attendances", "emergency_admissions", "length_of_stay")
COHORT = {
    "treated_residents": "Residents of the listed homes on the start date",
    "comparison_pool": "Residents of other care homes (the comparison pool)",
    "matched_treated": "Residents of the listed homes matched",
    "matched_controls": "Matched comparison residents",
    "unmatched_treated": "Residents of the listed homes not matched",
}


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fixed(value, places: int) -> str:
    """A number to ``places`` decimals; ``*`` stays ``*``; nothing is a dash."""
    if value == SUPPRESSED:
        return SUPPRESSED
    return f"{value:.{places}f}" if is_number(value) else formatting.MISSING


def _ci(est: dict) -> str:
    if SUPPRESSED in (est.get("ci_low"), est.get("ci_high")):
        return SUPPRESSED
    if not (is_number(est.get("ci_low")) and is_number(est.get("ci_high"))):
        return formatting.MISSING
    return f"{est['ci_low']:.2f} to {est['ci_high']:.2f}"


def briefing(result: dict) -> dict:
    """Everything the result page and the PDF show, in the IAU briefing's order."""
    return {
        "key_points": result.get("key_points", []),
        "period": result.get("period", {}),
        "homes": result.get("homes", {}),
        "method": method_rows(result.get("method", {})),
        "cohort": [
            (COHORT.get(k, k), formatting.published(v)) for k, v in _items(result, "cohort")
        ],
        "balance": balance_rows(result.get("balance", [])),
        "love_plot": love_plot(result.get("love_plot", {})),
        "results": result_rows(result.get("results", {})),
        "forest_plot": forest_plot(result.get("results", {})),
        "limitations": result.get("limitations", []),
    }


def in_order(found: dict | None, order) -> list[tuple]:
    """``found``'s items with the keys of ``order`` first, in that order, then any others by
    name: a stored JSON object's key order is not kept by every database (PostgreSQL's jsonb)."""
    found = found or {}
    known = [k for k in order if k in found]
    return [(k, found[k]) for k in [*known, *sorted(set(found) - set(known))]]


def _items(result: dict, key: str) -> list:
    return in_order(result.get(key), COHORT)


def method_rows(method: dict) -> list[tuple[str, str]]:
    names = {"design": "Design", "matching": "Matching", "balance_target": "Balance target"}
    names |= {"model": "Model", "covariates": "Matched on", "exact": "Exactly on"}
    rows = []
    order = ("design", "matching", "covariates", "exact", "balance_target", "model")
    for key, value in in_order(method, order):
        if isinstance(value, list | tuple):
            value = ", ".join(COVARIATES.get(v, v.replace("_", " ")) for v in value)
        rows.append((names.get(key, key.replace("_", " ").capitalize()), str(value)))
    return rows


def balance_rows(table: list[dict]) -> list[dict]:
    return [
        {
            "covariate": COVARIATES.get(r["covariate"], r["covariate"]),
            "mean_treated": _fixed(r.get("mean_treated"), 2),
            "mean_pool": _fixed(r.get("mean_pool"), 2),
            "mean_matched": _fixed(r.get("mean_matched_controls"), 2),
            "smd_before": _fixed(r.get("smd_before"), 3),
            "smd_after": _fixed(r.get("smd_after"), 3),
            "balanced": "Yes" if r.get("balanced") else "No",
        }
        for r in table
    ]


def love_plot(data: dict):
    """Covariates down the side, |SMD| before (hollow) and after (solid) matching, the target."""
    names = data.get("covariates") or []
    if not names:
        return None
    rows = [
        DotRow(
            COVARIATES.get(name, name),
            (before, after),
            (_fixed(before, 3), _fixed(after, 3)),
        )
        for name, before, after in zip(names, data["before"], data["after"], strict=True)
    ]
    return dot_chart(
        "Balance of the matching covariates: absolute standardised mean difference",
        rows,
        series=("Before matching", "After matching"),
        x_label="Absolute standardised mean difference",
        reference=data.get("target", 0.1),
        reference_label=f"Target {data.get('target', 0.1):g}",
        table_header=("Covariate", "|SMD| before", "|SMD| after"),
    )


def result_rows(results: dict) -> list[dict]:
    rows = []
    for name, est in in_order(results, OUTCOMES):
        rows.append(
            {
                "outcome": OUTCOMES.get(name, name),
                "per": est.get("per", ""),
                "mean_treated": _fixed(est.get("mean_treated"), 2),
                "mean_control": _fixed(est.get("mean_control"), 2),
                "rate_ratio": _fixed(est.get("rate_ratio"), 2),
                "ci": _ci(est),
                "p": _fixed(est.get("p"), 3),
                "notes": est.get("notes") or [],
            }
        )
    return rows


def forest_plot(results: dict):
    """Each outcome's rate ratio and 95% CI on a log scale, the line of no effect at 1."""
    rows = [
        DotRow(
            OUTCOMES.get(name, name),
            (None, est["rate_ratio"]),
            (_fixed(est["rate_ratio"], 2), _ci(est)),
            est["ci_low"],
            est["ci_high"],
        )
        for name, est in in_order(results, OUTCOMES)
        if all(is_number(est.get(k)) for k in ("rate_ratio", "ci_low", "ci_high"))
    ]
    if not rows:
        return None
    return dot_chart(
        "Rate ratios with 95% confidence intervals (listed homes against matched comparison)",
        rows,
        series=("", "Rate ratio"),
        x_label="Rate ratio (log scale; below 1 is fewer in the listed homes)",
        reference=1.0,
        reference_label="No difference (1)",
        log=True,
        table_header=("Outcome", "Rate ratio", "95% CI"),
    )


def effect(name: str, est: dict) -> str | None:
    """``emergency admissions 23% lower, rate ratio 0.77 (95% CI 0.65 to 0.91)``; None when
    there is no estimate to report (suppressed or not estimated)."""
    values = [est.get(k) for k in ("rate_ratio", "ci_low", "ci_high")]
    if not all(is_number(v) for v in values):
        return None
    label = OUTCOMES.get(name, name).split(" (")[0].lower().replace("a&e", "A&E")
    return words.change(label, *values)


def evaluated(evaluation) -> str:
    """The line the quarterly return shows beside a linked benefit."""
    results = (evaluation.result or {}).get("results", {})
    found = [effect(name, results[name]) for name in HEADLINE if name in results]
    shown = "; ".join(f for f in found if f) or "too few events to report"
    return f"Evaluated ({evaluation.name}, from {formatting.date(evaluation.start)}): {shown}."
