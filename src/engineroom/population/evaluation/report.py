"""A care-home evaluation end to end, returned as a JSON-able briefing in the IAU's shape:
key points in plain words, method, cohort sizes, balance, results per outcome, limitations.

Everything returned for display is secondary use: no identifiers, and every count passes
through :func:`engineroom.population.phm.suppression.suppress` (means are built on the
suppressed counts; a rate ratio resting on a suppressed count is suppressed too).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from engineroom.population.evaluation import matching, outcomes, words
from engineroom.population.evaluation.cohort import COVARIATES, EXACT, cohort_frame
from engineroom.population.phm.suppression import SUPPRESSED, suppress

LABELS = {
    "ae_attendances": "A&E attendances",
    "emergency_admissions": "emergency admissions",
    "emergency_bed_days": "emergency bed days",
    "length_of_stay": "length of stay (bed days per emergency admission)",
    "deaths_outside_hospital": "deaths outside hospital",
}
LIMITATIONS = (
    "Matching balances only what is recorded: residents may differ in ways the data do not "
    "show (unobserved confounding), so the results are associations, not proof of cause.",
    "Residents are followed from the start date, whether or not they stay in the same home.",
    "National data opt-outs and GP type 1 objectors are excluded (secondary use).",
    "Small numbers are suppressed (1-7 shown as *; other counts rounded to the nearest 5).",
)


def evaluate(
    var: str | Path,
    *,
    homes: Sequence[str],
    start: date,
    end: date | None = None,
    engine: str = "duckdb",
    **options,
) -> dict:
    """Evaluate the listed ``homes`` from ``start`` against residents of the other homes in the
    lake under ``var`` (follow-up to ``end``, default the data end). ``options`` go to
    :func:`evaluate_frame` (k, caliper, method, seed)."""
    from engineroom.population.phm.lakeviews import connect, data_end

    lake = connect(var, engine=engine)
    try:
        end = end or data_end(lake)
        frame = cohort_frame(lake, homes=homes, start=start, end=end)
    finally:
        lake.close()
    result = evaluate_frame(frame, **options)
    found = sorted(set(frame.loc[frame["treated"], "care_home"]))
    period = {"start": start.isoformat(), "end": end.isoformat()}
    return {
        "period": period,
        "homes": {"listed": len(homes), "with_residents": len(found)},
        **result,
    }


def evaluate_frame(
    frame: pd.DataFrame,
    *,
    k: int = 1,
    caliper: float = matching.CALIPER_SD,
    method: str = "poisson",
    adjust: bool = True,
    seed: int = 0,
) -> dict:
    """Match, check balance and estimate every outcome on an analysis frame (see
    :func:`engineroom.population.evaluation.cohort.cohort_frame`)."""
    exact = [c for c in EXACT if c in frame.columns]
    matched = matching.match(frame, COVARIATES, exact=exact, k=k, caliper=caliper, seed=seed)
    table = matching.balance(frame, matched, COVARIATES)
    balance = _published_balance(table, frame, matched)
    options = {"method": method, "adjust": COVARIATES if adjust else ()}
    estimates = _estimates(matched, options)
    sizes = _sizes(frame, matched)
    return {
        "key_points": _key_points(sizes, table, estimates),
        "method": _method(k, caliper, method, adjust),
        "cohort": sizes,
        "balance": balance,
        "love_plot": matching.love_plot(balance),
        "results": estimates,
        "limitations": list(LIMITATIONS),
    }


MEANS = ("mean_treated", "mean_pool", "mean_matched_controls")


def _published_balance(table: list[dict], frame: pd.DataFrame, matched: pd.DataFrame) -> list:
    """The balance table as published: a group of 1-7 people shows no means or SMDs, and a
    yes/no covariate's mean is built on the suppressed count of people with it (so that, say,
    3 women of 150 are not given away by a mean of 0.02)."""
    controls = matched[~matched["treated"]]
    groups = dict(
        zip(MEANS, (frame[frame["treated"]], frame[~frame["treated"]], controls), strict=True)
    )
    out = []
    for row in table:
        shown = dict(row)
        for key, group in groups.items():
            shown[key] = _published_mean(group, row["covariate"], row[key])
        if SUPPRESSED in (shown[k] for k in MEANS):
            shown |= dict.fromkeys(("smd_before", "smd_after", "variance_ratio"), SUPPRESSED)
        out.append(shown)
    return out


def _published_mean(group: pd.DataFrame, name: str, mean):
    """A group's mean on suppressed counts (weights count people: 1:k controls weigh 1/k)."""
    weights = group["weight"] if "weight" in group else pd.Series(1.0, index=group.index)
    people = suppress(round(float(weights.sum())))
    if people == SUPPRESSED or mean is None:
        return SUPPRESSED if people == SUPPRESSED else mean
    values = group[name].astype(float)
    if not values.isin([0.0, 1.0]).all():
        return mean
    having = suppress(round(float((values * weights).sum())))
    return SUPPRESSED if having == SUPPRESSED else round(having / people, 4)


def _estimates(matched: pd.DataFrame, options: dict) -> dict:
    out = {}
    for name in LABELS:
        if name == "length_of_stay":
            raw = outcomes.length_of_stay(matched, **options)
        else:
            raw = outcomes.rate_ratio(matched, name, **options)
        out[name] = _for_display(raw, per_year=name != "length_of_stay")
    return out


def _for_display(raw: dict, *, per_year: bool) -> dict:
    """Counts suppressed, means from the suppressed counts, the ratio suppressed with them."""
    shown = {"per": "person-year" if per_year else "emergency admission"}
    for group in ("treated", "control"):
        events = suppress(round(raw[f"events_{group}"]))
        exposure = raw[f"exposure_{group}"]
        shown[f"events_{group}"] = events
        if events == SUPPRESSED:
            shown[f"mean_{group}"] = SUPPRESSED
        else:
            shown[f"mean_{group}"] = round(events / exposure, 3) if exposure else None
    hidden = SUPPRESSED in (shown["events_treated"], shown["events_control"])
    for key in ("rate_ratio", "ci_low", "ci_high", "p"):
        value = raw[key]
        shown[key] = SUPPRESSED if hidden else (None if value is None else round(value, 4))
    shown["notes"] = raw.get("notes", [])
    return shown


def _sizes(frame: pd.DataFrame, matched: pd.DataFrame) -> dict:
    treated = int(frame["treated"].sum())
    matched_t = int(matched["treated"].sum())
    return {
        "treated_residents": suppress(treated),
        "comparison_pool": suppress(int((~frame["treated"]).sum())),
        "matched_treated": suppress(matched_t),
        "matched_controls": suppress(int((~matched["treated"]).sum())),
        "unmatched_treated": suppress(treated - matched_t),
    }


def _method(k: int, caliper: float, method: str, adjust: bool) -> dict:
    model = "Poisson (GEE, independence, robust errors by matched set)"
    if method == "negbin":
        model = "negative binomial (dispersion by maximum likelihood; robust errors by set)"
    return {
        "design": "matched comparison: residents of the listed homes against residents of "
        "other care homes on the start date",
        "matching": f"1:{k} nearest neighbour on the logit propensity score, without "
        f"replacement, exact on care-home type, caliper {caliper} SD",
        "covariates": list(COVARIATES),
        "exact": list(EXACT),
        "balance_target": f"|standardised mean difference| <= {matching.TARGET_SMD}",
        "model": f"{model}, log person-years offset"
        + (", adjusted for the matching covariates" if adjust else ""),
    }


def _key_points(sizes: dict, table: list[dict], estimates: dict) -> list[str]:
    points = [
        f"{sizes['matched_treated']} residents of the listed homes were matched to "
        f"{sizes['matched_controls']} residents of other care homes "
        f"({sizes['unmatched_treated']} could not be matched within the caliper)."
    ]
    unbalanced = [r["covariate"] for r in table if not r["balanced"]]
    points.append(
        "After matching every covariate was balanced (|SMD| <= 0.1)."
        if not unbalanced
        else f"Not balanced after matching: {', '.join(unbalanced)}."
    )
    points += [_finding(LABELS[name], est) for name, est in estimates.items()]
    return points


def _finding(label: str, est: dict) -> str:
    rr, low, high = est["rate_ratio"], est["ci_low"], est["ci_high"]
    if rr is None or SUPPRESSED in (rr, low, high):
        return words.sentence(f"{label}: too few events to report")
    return words.sentence(words.change(label, rr, low, high))
