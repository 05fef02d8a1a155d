"""What the disease registers page shows: each condition's register with its practices named,
those outside the funnel limits in words, and the funnel plot (``web.charts.funnel_chart``).
Every number comes from the published (suppressed) registers."""

from __future__ import annotations

from engineroom.population_health.presenters import value
from engineroom.web import charts


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
    title = (
        f"{reg['label']}: recorded prevalence by practice list size, with 95% and 99.8% limits "
        f"around the system's {centre:g}%"
    )
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
