"""A system's oversight summary and the region's view across its systems, as XLSX and as A4 PDF,
through the one export path (``web.downloads``). They hold what the pages show and no more:
aggregate monthly statistics, never a person. Spreadsheet numbers go in as numbers (a value, a
month as a date, a finance position as money), so a reader can chart and sum them; the PDF is the
board-ready paper, with a chart of each measure the board should look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.oversight import presenters, queries
from engineroom.oversight.catalogue import measures
from engineroom.oversight.models import Observation
from engineroom.population.spc import SpcOptions
from engineroom.system.models import Region, RoleKind, System
from engineroom.web import downloads, formatting
from engineroom.web.charts.spc import ASSURANCE_TEXT, NO_ASSURANCE, VARIATION_TEXT
from engineroom.web.downloads import Column

FORMATS = ("xlsx", "pdf")
SYSTEM_PDF, REGION_PDF = "oversight/system_pdf.html", "oversight/region_pdf.html"
PRINT_CSS = Path(__file__).parent / "templates" / "oversight" / "print.css"
CHARTED = ("concern_high", "concern_low", "consistent_fail")  # the board sees these as charts
UNIT_WORDS = {"percent": "per cent", "minutes": "minutes", "count": "number", "pounds": "pounds"}
NO_DATA = "No data"

SUMMARY_COLUMNS = [
    Column("Area"),
    Column("Measure"),
    Column("Scored or contextual"),
    Column("Latest month", "date"),
    Column("Value", "number"),
    Column("Unit"),
    Column("Standard"),
    Column("Met"),
    Column("Variation"),
    Column("Assurance"),
]
SEGMENT_COLUMNS = [
    Column("Financial year"),
    Column("Framework"),
    Column("Segment", "number"),
    Column("Mean metric score", "number"),
    Column("Data as at", "date"),
    Column("Reason"),
]
TRIGGER_COLUMNS = [Column("Month", "date"), Column("Trigger"), Column("Evidence")]
SERIES_COLUMNS = [
    Column("Measure code"),
    Column("Measure"),
    Column("Month", "date"),
    Column("Value", "number"),
    Column("Numerator", "number"),
    Column("Denominator", "number"),
    Column("Source"),
]


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("Oversight downloads as XLSX or PDF.")


def variation_words(key: str) -> str:
    """Making Data Count's variation icon in words (the icons' own words); none without data."""
    return VARIATION_TEXT.get(key, key) if key else NO_DATA


def assurance_words(key: str) -> str:
    return ASSURANCE_TEXT.get(key, key) if key else NO_ASSURANCE


# --- a system ------------------------------------------------------------------------------


def summary_sheet_rows(rows: list[queries.SummaryRow]) -> list[list]:
    return [
        [
            r.measure.domain,
            r.measure.name,
            "Scored" if r.summary.scored else "Contextual",
            r.summary.last_month,
            r.summary.last_value,
            UNIT_WORDS.get(r.measure.unit, r.measure.unit),
            presenters.standard_text(r.measure.unit, r.summary.target, r.summary.interim),
            presenters.met_text(r.summary.meets_target),
            variation_words(r.summary.variation_icon),
            assurance_words(r.summary.assurance_icon),
        ]
        for r in rows
    ]


def segment_sheet_rows(segments) -> list[list]:
    """One row per reason, so every sentence of why reads in its own cell."""
    return [
        [formatting.financial_year(s.year), s.framework, s.segment, s.score, s.as_at, reason]
        for s in segments
        for reason in (s.reasons or [""])
    ]


def _date(text):
    return dt.date.fromisoformat(text) if isinstance(text, str) else text


def _unit(code: str) -> str:
    found = measures().get(code)
    return found.unit if found else "count"


def trigger_sheet_rows(firings) -> list[list]:
    return [
        [
            f.month,
            f.wording,
            "; ".join(presenters.evidence_line(_unit(f.trigger.measure), e) for e in f.evidence),
        ]
        for f in firings
    ]


def series_sheet_rows(observations: list[Observation]) -> list[list]:
    names = {code: m.name for code, m in measures().items()}
    return [
        [
            o.measure,
            names.get(o.measure, o.measure),
            o.month,
            o.value,
            o.numerator,
            o.denominator,
            o.get_source_display(),
        ]
        for o in observations
    ]


def system_sheets(system: System) -> list[downloads.Sheet]:
    return [
        downloads.Sheet(
            "Summary", SUMMARY_COLUMNS, summary_sheet_rows(queries.summary_rows(system))
        ),
        downloads.Sheet("Segment", SEGMENT_COLUMNS, segment_sheet_rows(queries.segments(system))),
        downloads.Sheet("Triggers", TRIGGER_COLUMNS, trigger_sheet_rows(queries.firings(system))),
        downloads.Sheet(
            "Series", SERIES_COLUMNS, series_sheet_rows(queries.all_observations(system))
        ),
    ]


def system_xlsx(system: System) -> downloads.Download:
    return downloads.xlsx(f"oversight-{system.code}.xlsx", system_sheets(system))


def charted(system: System, rows: list[queries.SummaryRow]) -> list[dict]:
    """A chart for each measure showing special cause concern or a target it will consistently
    fail: what a board needs to see drawn, with the platform's default reading."""
    found = []
    for r in rows:
        if not {r.summary.variation_icon, r.summary.assurance_icon} & set(CHARTED):
            continue
        observations = queries.observations(system, r.measure.code)
        if not observations:
            continue
        options = SpcOptions(improvement=r.measure.improvement)
        chart, result = presenters.measure_chart(r.measure, observations, options)
        found.append({"measure": r.measure, "chart": chart, "result": result})
    return found


def system_context(system: System) -> dict:
    rows = queries.summary_rows(system)
    segments = queries.segments(system)
    latest = segments[0] if segments else None
    return {
        "system": system,
        "produced": timezone.localdate(),
        "month": queries.latest_month(system),
        "segment": latest,
        "segment_text": presenters.segment_text(latest),
        "fired": queries.firings_now(system),
        "rows": presenters.summary_table(rows, "measure"),
        "charts": charted(system, rows),
    }


def system_pdf(system: System, *, base_url: str) -> downloads.Download:
    """The board-ready paper (A4, WeasyPrint through ``web.downloads``)."""
    html = render_to_string(SYSTEM_PDF, system_context(system))
    name = f"oversight-{system.code}.pdf"
    return downloads.pdf(
        name, html, base_url=base_url, stylesheets=[downloads.PAPER_CSS, PRINT_CSS]
    )


# --- a region ------------------------------------------------------------------------------


def region_cells(row: queries.RegionRow) -> dict:
    """One system of the region, each cell as a value (numbers stay numbers)."""
    finance = row.finance
    return {
        "system": row.system,
        "segment": row.segment.segment if row.segment else None,
        "segment_text": presenters.segment_text(row.segment),
        "reason": row.segment.reasons[0] if row.segment and row.segment.reasons else "",
        "fired": "; ".join(f.wording for f in row.fired),
        "finance_pence": round(finance.last_value * 100) if finance else None,
        "finance_text": presenters.value_text("pounds", finance.last_value if finance else None),
        "finance_month": finance.last_month if finance else None,
        "chair": presenters.leader_text(row.leaders.get(RoleKind.ICS_CHAIR)),
        "lead": presenters.leader_text(row.leaders.get(RoleKind.ICS_LEAD)),
        "key": [_key_cell(row, code) for code, _ in presenters.key_measures()],
        "concerns": row.concerns,
    }


def _key_cell(row: queries.RegionRow, code: str) -> dict:
    found = row.key.get(code)
    unit = measures()[code].unit
    return {
        "value": found.last_value if found else None,
        "text": presenters.value_text(unit, found.last_value if found else None),
        "variation": found.variation_icon if found else "",
        "words": variation_words(found.variation_icon) if found else NO_DATA,
    }


def region_columns() -> list[Column]:
    key = []
    for code, name in presenters.key_measures():
        unit = UNIT_WORDS[measures()[code].unit]
        key += [Column(f"{name} ({unit})", "number"), Column(f"{name}: variation")]
    return [
        Column("System"),
        Column("Segment", "number"),
        Column("Segment reason"),
        Column("Triggers firing now"),
        Column("Finance position, year to date variance to plan", "money"),
        Column("Finance month", "date"),
        Column("ICS chair"),
        Column("ICS lead"),
        *key,
        Column("Measures of special cause concern", "number"),
    ]


def region_sheet_rows(cells: list[dict]) -> list[list]:
    return [
        [
            c["system"].name,
            c["segment"],
            c["reason"],
            c["fired"],
            c["finance_pence"],
            c["finance_month"],
            c["chair"],
            c["lead"],
            *(v for k in c["key"] for v in (k["value"], k["words"])),
            c["concerns"],
        ]
        for c in cells
    ]


def region_xlsx(region: Region) -> downloads.Download:
    cells = [region_cells(r) for r in queries.region_rows(region)]
    sheet = downloads.Sheet("Systems", region_columns(), region_sheet_rows(cells))
    return downloads.xlsx(f"oversight-region-{region.code}.xlsx", [sheet])


def region_pdf(region: Region, *, base_url: str) -> downloads.Download:
    """The region's systems side by side on A4 landscape pages."""
    context = {
        "region": region,
        "produced": timezone.localdate(),
        "rows": [region_cells(r) for r in queries.region_rows(region)],
        "key": presenters.key_measures(),
    }
    html = render_to_string(REGION_PDF, context)
    name = f"oversight-region-{region.code}.pdf"
    return downloads.pdf(
        name, html, base_url=base_url, stylesheets=[downloads.PAPER_CSS, PRINT_CSS]
    )
