"""Server-rendered SVG charts (the CSP forbids the eval that Vega needs) and display values.

Each chart is plain numbers for the template: rectangles with their labels, drawn in a
``viewBox`` so they scale; the template puts an accessible table of the same numbers beneath.
Suppressed values (``*``) are drawn as zero-length bars and labelled ``*``.
"""

from __future__ import annotations

from engineroom.phm.suppression import SUPPRESSED

BLUE, DARK, GREY, PINK, GREEN = "#005eb8", "#003087", "#768692", "#ae2573", "#007f3b"
WIDTH = 300


def number(value) -> float:
    return 0.0 if value in (SUPPRESSED, None) else float(value)


def shown(value) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def bars(items: list[tuple[str, object]], *, fill: str = BLUE, suffix: str = "") -> dict:
    """Horizontal bars: [(label, value)] -> {height, rows: [{y, width, label, text}]}."""
    largest = max((number(v) for _, v in items), default=0) or 1
    rows = []
    for i, (label, value) in enumerate(items):
        rows.append({"y": i * 22, "width": round(WIDTH * number(value) / largest, 1),
                     "label": label, "text": shown(value) + (suffix if value not in (SUPPRESSED, None) else ""),
                     "fill": fill})  # fmt: skip
    return {"height": len(items) * 22, "rows": rows, "width": WIDTH}


def pyramid(rows: list[dict]) -> dict:
    """Population pyramid: men to the left, women to the right, oldest at the top."""
    half = 140
    largest = max((max(number(r["male"]), number(r["female"])) for r in rows), default=0) or 1
    out = []
    for i, r in enumerate(reversed(rows)):
        m = round(half * number(r["male"]) / largest, 1)
        f = round(half * number(r["female"]) / largest, 1)
        out.append({"y": i * 12, "band": r["band"], "male_x": 160 - m, "male_w": m,
                    "female_w": f, "male": shown(r["male"]), "female": shown(r["female"])})  # fmt: skip
    return {"height": len(rows) * 12, "rows": out}


def grouped(items: list[tuple[str, object, object]], names: tuple[str, str]) -> dict:
    """Two bars per label (e.g. recorded vs expected)."""
    largest = max((max(number(a), number(b)) for _, a, b in items), default=0) or 1
    rows = []
    for i, (label, a, b) in enumerate(items):
        rows.append({"y": i * 40, "label": label,
                     "a_w": round(WIDTH * number(a) / largest, 1), "a": shown(a),
                     "b_w": round(WIDTH * number(b) / largest, 1), "b": shown(b)})  # fmt: skip
    return {"height": len(items) * 40, "rows": rows, "names": names, "width": WIDTH,
            "fills": (BLUE, GREY)}  # fmt: skip


SHORT_SEGMENTS = {"end_of_life": "End of life", "frailty_dementia": "Frailty or dementia",
                  "organ_failure": "Organ failure", "stable_disability": "Stable disability",
                  "chronic_conditions": "Chronic conditions", "maternal_infant": "Maternal and infant",
                  "acutely_ill": "Acutely ill", "healthy": "Healthy"}  # fmt: skip


def segments_chart(rows: list[dict]) -> dict:
    return bars([(SHORT_SEGMENTS[r["segment"]], r["percent"]) for r in rows], suffix="%")


def gradient(measure: dict) -> dict:
    labels = {1: "1 (most deprived)", 5: "5 (least deprived)"}
    return bars([(labels.get(q["quintile"], str(q["quintile"])), q["rate"]) for q in measure["quintiles"]],
                fill=PINK, suffix="%")  # fmt: skip


def calibration(deciles: list[dict]) -> dict:
    """Observed vs predicted by decile of predicted risk, on a square plot (0..max)."""
    top = max([d["predicted"] for d in deciles] + [d["observed"] for d in deciles] + [0.01])
    size = 200
    points = [{"x": round(size * d["predicted"] / top, 1), "y": round(size - size * d["observed"] / top, 1),
               "predicted": d["predicted"], "observed": d["observed"]} for d in deciles]  # fmt: skip
    return {"size": size, "points": points, "top": round(top, 3)}


def model_metrics(metrics: dict) -> dict:
    """The model card's numbers with the same disclosure control as every aggregate: people
    counts suppressed, PPV/sensitivity suppressed when built on 1-7 people, subgroup AUROC
    suppressed for groups of 1-7 people."""
    import copy

    from engineroom.phm.suppression import suppress

    out = copy.deepcopy(metrics)
    out["people"] = suppress(out["people"])
    for top in out["top"]:
        hits = round(top["ppv"] * top["people"])
        top["label"] = f"top {top['fraction'] * 100:g}%"
        top["people"] = suppress(top["people"])
        if suppress(hits) == SUPPRESSED:
            top["ppv"] = top["sensitivity"] = SUPPRESSED
        else:
            top["ppv_percent"] = round(100 * top["ppv"], 1)
            top["sensitivity_percent"] = round(100 * (top["sensitivity"] or 0), 1)
    for sub in out["subgroups"].values():
        for group in sub["groups"]:
            if suppress(group["people"]) == SUPPRESSED:
                group["auroc"] = SUPPRESSED
            group["people"] = suppress(group["people"])
    return out
