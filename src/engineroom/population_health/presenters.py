"""The population health pages' charts and display values, built on ``web.charts`` and
``web.formatting``.

Every number here comes from a published (suppressed) aggregate. A suppressed value (``*``) is
drawn with no bar and stays visible as ``*`` in the chart's text and the page's tables.
"""

from __future__ import annotations

from engineroom.population.phm import casefinding, published, segments
from engineroom.population.phm.suppression import SUPPRESSED
from engineroom.population_health import rules
from engineroom.population_health.models import MarkStatus
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


def _percent(v: float) -> str:
    return f"{v:g}%"


def registers(found: list[dict], names: dict[str, str]) -> list[dict]:
    """Each condition's register with its practices named, those outside the limits, and the
    funnel plot."""
    out = []
    for reg in found:
        rows = [{**p, "name": names.get(p["practice"], p["practice"])} for p in reg["practices"]]
        outside = [r for r in rows if r["position"] not in (None, "within limits")]
        out.append({**reg, "rows": rows, "outside": outside, "chart": funnel(reg, rows)})
    return out


def funnel(reg: dict, rows: list[dict]) -> charts.Chart | None:
    """Recorded prevalence by list size with the 95% and 99.8% limits around the system's
    prevalence; practices whose prevalence is suppressed are left out (the table shows ``*``)."""
    centre = value(reg["overall_percent"])
    if centre is None or not reg["funnel"]:
        return None
    points = [
        charts.FunnelPoint(
            r["name"], r["list_size"], r["prevalence"], r["position"], "99.8" in r["position"]
        )
        for r in rows
        if r["position"]
    ]
    curve = reg["funnel"]
    sizes = [f["list_size"] for f in curve]
    limits = [
        charts.FunnelLimits(
            f"{name} limits",
            sizes,
            [f[f"lower_{k}"] for f in curve],
            [f[f"upper_{k}"] for f in curve],
        )
        for name, k in (("95%", "95"), ("99.8%", "998"))
    ]
    title = f"{reg['label']}: recorded prevalence by practice list size, around the system's {centre:g}%"
    return charts.funnel_chart(
        title,
        points,
        limits,
        centre,
        x_label="List size (registered people)",
        y_label="Recorded prevalence (%)",
        y_format=_percent,
        table_header=("Practice", "List size", "Prevalence", "Position"),
    )


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
    :func:`engineroom.population.phm.published.metrics` (already applied when the card was published: doing
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
        "threshold": threshold_row(gbm.get("at_threshold")),
        "oracle_auroc": metrics["oracle_auroc"],
        "scoring": scoring(metrics.get("scoring")),
        "calibration_chart": calibration(gbm["calibration"]["deciles"]),
        "subgroups": [
            subgroup_table(name, sub, (metrics.get("oracle_subgroups") or {}).get(name))
            for name, sub in gbm["subgroups"].items()
        ],
        "feature_means": feature_means(published.feature_windows(card)),
    }


SUBGROUP_TITLES = {
    "deprivation_quintile": "deprivation quintile",
    "sex": "sex",
    "ethnicity": "ethnic group",
    "age_band": "age band",
}
GROUP_WORDS = {
    "deprivation_quintile": {
        "1": "Most deprived fifth (quintile 1)",
        "2": "Quintile 2",
        "3": "Quintile 3",
        "4": "Quintile 4",
        "5": "Least deprived fifth (quintile 5)",
    },
    "sex": {"F": "Female", "M": "Male", "U": "Not known"},
    "ethnicity": {"U": "Not stated"},
}


def _auroc(value) -> str:
    """An AUROC to three decimals (``0.781``), or ``*`` when withheld."""
    return formatting.number(value, 3) if isinstance(value, float) else formatting.published(value)


def subgroup_table(name: str, sub: dict, oracle: dict | None = None) -> dict:
    """AUROC within each group, to three decimals, groups named in words, the gap in words;
    with the oracle's own AUROC beside each group where there is one (synthetic data)."""
    words = GROUP_WORDS.get(name, {})
    truth = {g["group"]: g["auroc"] for g in (oracle or {}).get("groups", [])}
    title = SUBGROUP_TITLES.get(name, name.replace("_", " "))
    return {
        "id": name,
        "title": f"AUROC by {title}",
        "gap": _gap_words(sub.get("largest_gap"), (oracle or {}).get("largest_gap")),
        "oracle": bool(oracle),
        "rows": [
            {
                "label": words.get(g["group"], g["group"]),
                "people": formatting.published(g["people"]),
                "auroc": _auroc(g["auroc"]),
                "oracle": _auroc(truth.get(g["group"])),
            }
            for g in sub["groups"]
        ],
    }


def _gap_words(gap, oracle_gap) -> str:
    if not isinstance(gap, float):
        return "Too few people to compare groups."
    said = f"The largest gap between any two groups is {formatting.number(gap, 3)}"
    if isinstance(oracle_gap, float):
        said += f" (the true risks' own gap: {formatting.number(oracle_gap, 3)})"
    return said + "."


def threshold_row(found: dict | None) -> dict | None:
    """PPV and sensitivity at predicted risk of 50% or more, beside PARR++ at a score of 50."""
    if not found:
        return None
    reference = found["reference"]
    share = lambda v: formatting.percent(v, 1) if isinstance(v, float) else formatting.published(v)  # noqa: E731
    return {
        "people": formatting.published(found["people"]),
        "ppv": share(found["ppv"]),
        "sensitivity": share(found["sensitivity"]),
        "parr_ppv": formatting.percent(reference["ppv"], 1),
        "parr_sensitivity": formatting.percent(reference["sensitivity"], 1),
        "source": reference["source"],
    }


def scoring(found: dict | None) -> dict | None:
    """At scoring time: the mean predicted risk beside the true mean (synthetic data only)."""
    if not found or "mean_predicted" not in found:
        return None
    oracle = found.get("oracle_mean")
    return {
        "predicted": formatting.percent(found["mean_predicted"], 2),
        "oracle": formatting.percent(oracle, 2) if oracle is not None else None,
        "ratio": formatting.number(found.get("predicted_over_oracle"), 3) if oracle else None,
    }


def feature_means(windows: dict[str, dict]) -> list[dict]:
    """Each feature's mean in the training, validation and scoring windows."""
    shown = lambda v: formatting.number(v, 3) if v is not None else formatting.MISSING  # noqa: E731
    return [
        {"feature": name.replace("_", " "), **{w: shown(v) for w, v in means.items()}}
        for name, means in windows.items()
    ]


# -- worklists (direct care) -------------------------------------------------------------------
RISK_BANDS = {  # risk_group (published by the refresh) -> words
    0: "very high (top 0.5%)",
    1: "high (top 1%)",
    2: "raised (top 5%)",
    3: "not in the top 5%",
}
SEXES = {"F": "Female", "M": "Male"}
SORT_LABELS = {
    "risk": "Risk",
    "name": "Name",
    "age": "Age",
    "efi": "Frailty index",
    "emergency": "Emergency admissions",
    "nhs_number": "NHS number",
}
MARK_FILTERS = (("none", "Not yet marked"), *MarkStatus.choices)
UNIT = {"hba1c": "mmol/mol", "egfr": "mL/min/1.73 m²"}


def person_name(row: dict) -> str:
    """``SMITH, John`` as on NHS patient banners, or a plain statement that none was sent."""
    family, given = row.get("family_name"), row.get("given_name")
    if not isinstance(family, str) and not isinstance(given, str):
        return "Name not recorded"
    return ", ".join(p for p in (family.upper() if isinstance(family, str) else "", given) if p)


def nhs_number(value: str) -> str:
    """``999 000 1234``: the NHS number in its 3-3-4 display form."""
    text = str(value)
    return f"{text[:3]} {text[3:6]} {text[6:]}" if len(text) == 10 else text


def risk(row: dict) -> str:
    """``98.9% — very high (top 0.5%)``."""
    band = RISK_BANDS.get(int(row["risk_group"]), "") if "risk_group" in row else ""
    shown = formatting.percent(float(row["risk"]), 1)
    return f"{shown} — {band}" if band else shown


def frailty(row: dict) -> str:
    """``0.31 — moderate frailty`` (the electronic Frailty Index and its category)."""
    category = row.get("efi_category") or ""
    words = category if category in ("", "fit") else f"{category} frailty"
    return f"{formatting.number(float(row['efi']), 2)} — {words}" if words else "–"


def reading(r: dict, places: dict[str, str]) -> str:
    """One reading behind a flag in words: what, when and where."""
    value = lambda v: formatting.number(v) if v == v and v is not None else "–"  # noqa: E731
    measure = r["measure"]
    if measure == "blood_pressure":
        what = f"BP {value(r['value'])}/{value(r['value2'])} mmHg"
    elif measure == "irregular_pulse":
        what = "Irregular pulse recorded"
    elif measure == "hospital_diagnosis":
        what = f"Atrial fibrillation as the {r['position']} diagnosis of a hospital stay"
    else:
        what = f"{'HbA1c' if measure == 'hba1c' else 'eGFR'} {value(r['value'])} {UNIT[measure]}"
    where = places.get(r["source"], r["source"])
    return f"{what} on {formatting.date_short(r['event_date'])} at {where}"


def flags(row: dict, readings: dict[tuple, list[dict]], places: dict[str, str]) -> list[dict]:
    """Each case-finding flag of a person, in words, with the readings behind it."""
    return [
        {
            "label": casefinding.LABELS.get(code, code),
            "readings": [reading(r, places) for r in readings.get((row["nhs_number"], code), [])],
        }
        for code in filter(None, str(row.get("case_finding") or "").split(";"))
    ]


def latest_mark(mark) -> dict | None:
    if mark is None:
        return None
    who = mark.by.get_full_name() or mark.by.get_username()
    return {
        "status": mark.get_status_display(),
        "by": who,
        "at": formatting.date_time(mark.at),
        "note": mark.note,
    }


def worklist_rows(system, rows: list[dict], marks: dict, evidence, places) -> list[dict]:
    """What the worklist table shows of each person: words, not codes."""
    readings: dict[tuple, list[dict]] = {}
    for r in evidence.to_dict("records"):
        readings.setdefault((r["nhs_number"], r["condition"]), []).append(r)
    return [
        {
            "nhs_number": row["nhs_number"],
            "nhs_display": nhs_number(row["nhs_number"]),
            "name": person_name(row),
            "birth_date": formatting.date_short(row.get("birth_date")),
            "age": row["age"],
            "sex": SEXES.get(row.get("sex"), "Unknown"),
            "practice": places.get(row["practice"], row["practice"]),
            "segment": segments.LABELS.get(row.get("segment"), row.get("segment")),
            "risk": risk(row),
            "frailty": frailty(row),
            "flags": flags(row, readings, places),
            "mark": latest_mark(marks.get(row.get("person"))),
        }
        for row in rows
    ]


def sample_note(area: dict | None, system) -> str:
    """Said on every page built on the published population when it is a sample."""
    share = rules.sample_share((area or {}).get("population"), system.population)
    if share is None:
        return ""
    return (
        f"These results come from a {formatting.percent(share, 0 if share >= 0.01 else 1)} "
        f"sample of the {formatting.number(system.population)} people registered in "
        f"{system.name}: counts are the sample's; rates and percentages stand for everyone."
    )
