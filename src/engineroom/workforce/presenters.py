"""How the engine room looks: the funding charts (drawn by ``web.charts``) and what a pooled
budget's reconciliation says. Money and percentages use ``web.formatting``."""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.web import charts, formatting
from engineroom.workforce.queries import MixRow, Reconciliation, SourceRow


def _percent_tick(value: float) -> str:
    return f"{value:g}%"


def _share_bars(rows: list[MixRow] | list[SourceRow]) -> list[charts.Bar]:
    return [
        charts.Bar(row.label, float(row.share), formatting.percent(row.share_of_one, 1))
        for row in rows
    ]


def mix_chart(mix: list[MixRow]) -> charts.Chart:
    """Bars of current annual funding by source, as shares of the whole."""
    return charts.bar_chart(
        "Current annual funding of engine-room posts by source",
        _share_bars(mix),
        axis_label="Share of current annual funding (%)",
        tick_format=_percent_tick,
        table_header=("Source", "Share"),
    )


def sources_chart(sources: list[SourceRow]) -> charts.Chart:
    """Bars of contributions to a pooled budget by kind of funder, as shares of the whole."""
    return charts.bar_chart(
        "Contributions by kind of funder",
        _share_bars(sources),
        axis_label="Share of contributions (%)",
        tick_format=_percent_tick,
        table_header=("Source", "Share"),
    )


@dataclass(frozen=True)
class Status:
    text: str
    warning: bool  # shown strong when the budget does not reconcile


def reconciliation_status(rec: Reconciliation) -> Status:
    """Whether contributions reconcile to the cap, exceed it, or fall short of it."""
    if rec.reconciles:
        return Status("Contributions reconcile to the cap.", warning=False)
    if rec.headroom_pence < 0:
        excess = formatting.money(-rec.headroom_pence)
        return Status(f"Contributions exceed the cap by {excess}.", warning=True)
    short = formatting.money(rec.headroom_pence)
    return Status(f"{short} of the cap is not yet contributed.", warning=True)
