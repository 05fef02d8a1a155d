"""Finance presenters: the two charts, month and meets labels, and a transfer's explanation."""

from decimal import Decimal
from types import SimpleNamespace

from engineroom.finance import transfers
from engineroom.finance.leftshift import SectorYear
from engineroom.finance.position import Month
from engineroom.finance.presenters import (
    MEETS,
    forecast_chart,
    month_names,
    sector_table,
    sectors_chart,
    transfer_explanation,
)
from engineroom.web import charts

MILLION = 100_000_000


def test_the_forecast_chart_colours_months_that_miss_the_control_total():
    current = SimpleNamespace(
        months=[Month(1, 0, 0, 500, 0), Month(2, 0, 0, -300, 0)], control_total=100
    )
    chart = forecast_chart(current)
    meets, misses = (s for s in chart.shapes if s.kind == "rect")
    assert meets.attrs["fill"] == charts.GREEN and misses.attrs["fill"] == charts.RED
    assert chart.table.rows == [("Apr", "£5"), ("May", "(£3)")]
    assert misses.tip == "May: (£3)", "negatives in brackets"
    control = next(s for s in chart.shapes if s.attrs.get("stroke-dasharray"))
    zero = meets.attrs["y"] + meets.attrs["height"]
    assert misses.attrs["y"] == zero, "a deficit hangs below the zero line"
    assert control.attrs["y1"] < zero, "a positive control total is drawn above zero"
    assert forecast_chart(SimpleNamespace(months=[], control_total=0)) is None


def test_month_names_and_labels_for_the_templates():
    names = month_names(2025)
    assert names[1] == "April 2025" and names[12] == "March 2026"
    assert names[None] == "no returns yet"
    assert MEETS == {None: "No return", True: "Meets", False: "Misses"}


def test_the_sectors_chart_stacks_each_years_shares_and_the_table_gives_them():
    trend = [
        SectorYear(2024, {"acute": 600, "community": 400}),
        SectorYear(2025, {"acute": 500, "community": 500}),
    ]
    sectors = [("acute", "Acute care"), ("community", "Community services")]
    chart = sectors_chart(trend, sectors)
    assert chart.legend[0][0] == "Acute care" and len(chart.legend) == 2
    assert chart.table.rows == [("2024/25", "60.0%", "40.0%"), ("2025/26", "50.0%", "50.0%")]
    assert sectors_chart([], sectors) is None
    assert sector_table(trend, sectors)[0] == {
        "year": "2024/25",
        "cells": [600, 400],
        "total": 1000,
    }


def test_a_transfer_explanation_names_both_sides_in_the_one_money_format():
    proposal = transfers.propose(
        [
            transfers.Partner("A", 3 * MILLION, 12 * MILLION, limit=8 * MILLION),
            transfers.Partner("B", -2 * MILLION, -9 * MILLION),
        ]
    )
    (transfer,) = proposal.transfers
    text = transfer_explanation(proposal, transfer, {"A": "Alpha", "B": "Beta"})
    assert text.startswith(
        "Beta is forecast £7,000,000 short of its control total of (£2,000,000)."
    )
    assert "(its limit is £8,000,000)" in text
    assert "leaves Alpha £2,000,000 above its own" in text
    assert Decimal(transfer.amount) == 7 * MILLION
