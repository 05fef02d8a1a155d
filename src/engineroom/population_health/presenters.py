"""The population health pages' charts and display values, built on ``web.charts`` and
``web.formatting``.

Every number here comes from a published (suppressed) aggregate. A suppressed value (``*``) is
drawn with no bar and stays visible as ``*`` in the chart's text and the page's tables.
"""

from __future__ import annotations

from engineroom.population import anchors
from engineroom.population.phm import casefinding, segments
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


def per_million(count, people) -> str:
    """A published count per million people (``*`` if either is suppressed)."""
    if SUPPRESSED in (count, people):
        return SUPPRESSED
    if not isinstance(count, int | float) or not isinstance(people, int) or not people:
        return formatting.MISSING
    return formatting.number(round(1_000_000 * count / people, -2))


def anchor_rows(area: dict) -> list[dict]:
    """Estimated undiagnosed and found by case-finding per million registered people, beside
    the BLMK anchors where there is one, so a place can be set against a known system."""
    return [
        {
            "label": p["label"],
            "estimated": per_million(p.get("estimated_undiagnosed"), p.get("registered")),
            "found": per_million(p.get("case_finding_flagged"), p.get("registered")),
            "anchor": formatting.number(anchors.BLMK_UNDIAGNOSED_PER_MILLION[p["condition"]])
            if p["condition"] in anchors.BLMK_UNDIAGNOSED_PER_MILLION
            else formatting.MISSING,
        }
        for p in area["prevalence"]
    ]


def dashboard_charts(area: dict) -> dict:
    """Every chart of an area's dashboard (each page table stays beside its chart)."""
    return {
        "pyramid": pyramid(area["pyramid"]),
        "segments_chart": segments_chart(area["segments"]),
        "frailty_chart": frailty_chart(area["frailty"]["categories"]),
        "risk_chart": risk_chart(area["risk"]),
        "prevalence_chart": prevalence_chart(area["prevalence"]),
        "anchors": anchor_rows(area),
        "gradients": [{"measure": m, "chart": gradient(m)} for m in area["inequalities"]],
    }


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
            "nhs_display": formatting.nhs_number(row["nhs_number"]),
            "name": formatting.person_name(row.get("family_name"), row.get("given_name")),
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
