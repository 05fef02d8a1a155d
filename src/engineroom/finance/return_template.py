"""The monthly return template: an XLSX that ``imports`` accepts exactly as downloaded and filled.

Its first sheet (the one the import reads) has the import's columns with headers it recognises,
one row per category of the partner's plan for the month due, drop-down lists for month and
category, and amounts checked as pounds of £0 or more up to the import's limit. A second sheet
explains each column. Written by ``web.downloads`` like every other download.
"""

from __future__ import annotations

from engineroom.finance import imports
from engineroom.finance.models import Category, Plan
from engineroom.finance.position import latest_month
from engineroom.web import downloads, formatting, periods
from engineroom.web.downloads import Column, Sheet
from engineroom.web.forms import MAX_PENCE

INPUT_ROWS = 200  # rows under the header that keep the drop-downs and checks
AMOUNT_HELP = {
    "income": "Income received in the month, in pounds.",
    "expenditure": "Expenditure in the month, in pounds.",
    "forecast_income": "Forecast income for the whole year, in pounds.",
    "forecast_expenditure": "Forecast expenditure for the whole year, in pounds.",
    "risk": "Unmitigated risk to the forecast, in pounds (optional: blank is £0).",
}


def header(name: str) -> str:
    """``forecast_income`` -> ``Forecast income`` (the import reads it back as the same key)."""
    return name.replace("_", " ").capitalize()


def columns() -> list[Column]:
    limit = formatting.money(MAX_PENCE)
    amounts = [
        Column(
            header(name),
            "number",
            minimum=0,
            help=f"{AMOUNT_HELP[name]} Enter a number from 0 to {limit}, no minus sign.",
        )
        for name in imports.AMOUNTS
    ]
    return [
        Column("Month", choices=tuple(periods.MONTHS), help="Choose a month, April to March."),
        Column(
            "Category",
            choices=tuple(c.label for c in Category),
            help="Choose a category from the list.",
        ),
        *amounts,
    ]


def due_month(plan: Plan) -> int:
    """The month after the latest return in the partner's system, April before any."""
    latest = latest_month(plan.system, plan.year)
    return min((latest or 0) + 1, 12)


def instructions(plan: Plan, month: int) -> Sheet:
    lines = [
        f"Monthly return for {plan.organisation.name}, {periods.year_label(plan.year)}.",
        f"Fill in the sheet 'Return' for {periods.month_label(plan.year, month)} (or change "
        "the month), one row per category, then upload it on the partner's 'Import a monthly "
        "return' page. Nothing is saved until every row is valid and you confirm the preview.",
        "Month: the month's name (April to March), its number (1 = April) or YYYY-MM.",
        "Category: one of the listed categories; each category once per month.",
        *[f"{header(name)}: {text}" for name, text in AMOUNT_HELP.items()],
        f"Amounts are pounds (pence allowed), none negative, none over "
        f"{formatting.money(MAX_PENCE)}. Keep the header row and the column names as they are.",
        "Importing a month again replaces that month's lines.",
    ]
    return Sheet("Instructions", [Column("How to fill in this return")], [[t] for t in lines])


def template(plan: Plan) -> downloads.Download:
    """The return template for ``plan``'s partner, prefilled with the month due and its
    categories (those of its plan, or every category when its plan has no lines)."""
    month = due_month(plan)
    used = set(plan.lines.values_list("category", flat=True))
    categories = [c for c in Category if c.value in used] or list(Category)
    rows = [[periods.MONTHS[month - 1], c.label] for c in categories]
    data = Sheet("Return", columns(), rows, input_rows=INPUT_ROWS)
    name = f"return-{plan.organisation.ods_code}-{plan.year}-{month:02d}.xlsx"
    return downloads.xlsx(name, [data, instructions(plan, month)])
