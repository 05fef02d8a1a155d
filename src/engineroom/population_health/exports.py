"""CSV and XLSX downloads, through the one export path (``web.downloads``).

Aggregates go through the one suppression function again on the way out (counts) and never come
from anywhere but the suppressed ``dashboard.json``. Worklists are direct care: identifiable, so
never cached; reading one for a download is audited by ``queries.worklist_download``.
"""

from __future__ import annotations

from django.http import Http404

from engineroom.population.phm.suppression import publishable
from engineroom.population_health.queries import Worklist
from engineroom.web import downloads
from engineroom.web.downloads import Column

FORMATS = ("csv", "xlsx")
COUNT_KEYS = {
    "people",
    "population",
    "count",
    "female",
    "male",
    "registered",
    "recorded",
    "expected",
    "estimated_undiagnosed",
    "case_finding_flagged",
    "previous_people",
}
AGG_COLUMNS = [Column(h) for h in ("area", "level", "section", "item", "field")] + [
    Column("value", "number")
]
SECTIONS = (
    ("pyramid", "band"),
    ("segments", "segment"),
    ("risk", "group"),
    ("prevalence", "condition"),
)
WORKLIST_COLUMNS = [
    ("nhs_number", Column("NHS number")),
    ("family_name", Column("Family name")),
    ("given_name", Column("Given name")),
    ("birth_date", Column("Date of birth", "date")),
    ("practice", Column("Practice")),
    ("age", Column("Age", "number")),
    ("sex", Column("Sex")),
    ("segment", Column("Segment")),
    ("risk", Column("12-month emergency admission risk", "number")),
    ("risk_rank", Column("Risk rank", "number")),
    ("efi", Column("eFI", "number")),
    ("efi_category", Column("Frailty")),
    ("case_finding", Column("Case-finding")),
    ("emergency_admissions", Column("Emergency admissions (12 months)", "number")),
]


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("exports are CSV or XLSX")


def _publishable(field: str, value):
    """Counts are suppressed (again: idempotent for already-suppressed values)."""
    return publishable(value) if field in COUNT_KEYS else value


def aggregate_rows(area: dict) -> list[list]:
    """Every published number of an area as (area, level, section, item, field, value)."""
    name, level = area["name"], area["level"]

    def row(section: str, item, field: str, value) -> list:
        return [name, level, section, item, field, _publishable(field, value)]

    rows = [row("population", "", "population", area["population"])]
    rows += [row("core20", "", field, value) for field, value in area["core20"].items()]
    for section, key in SECTIONS:
        for item in area[section]:
            rows += [
                row(section, item[key], field, value)
                for field, value in item.items()
                if field not in (key, "label")
            ]
    for item in area["frailty"]["categories"]:
        rows += [row("frailty_65", item["category"], f, item[f]) for f in ("people", "percent")]
    for measure in area["inequalities"]:
        section = f"inequalities:{measure['measure']}"
        for q in measure["quintiles"]:
            item = f"quintile {q['quintile']}"
            fields = ("count", "population", "rate", "dsr", "dsr_lower", "dsr_upper")
            rows += [row(section, item, f, q[f]) for f in fields if f in q]
        rows += [row(section, "", f, measure[f]) for f in ("absolute_gap", "relative_gap", "sii")]
    return rows


def area_download(area: dict, fmt: str) -> downloads.Download:
    """An area's aggregates: the same suppressed numbers the page shows, never more."""
    filename = f"population-{area['level']}-{area['code']}.{fmt}"
    rows = aggregate_rows(area)
    if fmt == "csv":
        return downloads.csv(filename, AGG_COLUMNS, rows)
    return downloads.xlsx(filename, [downloads.Sheet("Population health", AGG_COLUMNS, rows)])


REGISTER_COLUMNS = [
    ("condition", Column("Condition")),
    ("practice", Column("Practice")),
    ("name", Column("Practice name")),
    ("list_size", Column("List size", "number")),
    ("register", Column("Register", "number")),
    ("prevalence", Column("Recorded prevalence %", "number")),
    ("expected", Column("Expected", "number")),
    ("expected_percent", Column("Expected prevalence %", "number")),
    ("overall_percent", Column("System prevalence %", "number")),
    ("lower_95", Column("95% lower limit %", "number")),
    ("upper_95", Column("95% upper limit %", "number")),
    ("lower_998", Column("99.8% lower limit %", "number")),
    ("upper_998", Column("99.8% upper limit %", "number")),
    ("position", Column("Position")),
]


def register_rows(registers: list[dict], names: dict[str, str]) -> list[list]:
    """One row per condition and practice; counts suppressed again on the way out."""
    rows = []
    for reg in registers:
        for practice in reg["practices"]:
            shown = {
                **practice,
                "condition": reg["label"],
                "overall_percent": reg["overall_percent"],
            }
            shown["name"] = names.get(practice["practice"], practice["practice"])
            shown["list_size"] = _publishable("registered", shown["list_size"])
            shown["register"] = _publishable("recorded", shown["register"])
            shown["expected"] = _publishable("expected", shown.get("expected"))
            rows.append([shown.get(key) for key, _ in REGISTER_COLUMNS])
    return rows


def registers_download(
    registers: list[dict], names: dict[str, str], fmt: str
) -> downloads.Download:
    """The disease registers by practice: the same suppressed numbers the page shows."""
    filename = f"disease-registers.{fmt}"
    columns = [column for _, column in REGISTER_COLUMNS]
    rows = register_rows(registers, names)
    if fmt == "csv":
        return downloads.csv(filename, columns, rows)
    return downloads.xlsx(filename, [downloads.Sheet("Disease registers", columns, rows)])


def worklist_rows(result: Worklist) -> list[list]:
    rows = []
    for record in result.rows.to_dict("records"):
        row = []
        for key, _ in WORKLIST_COLUMNS:
            value = record.get(key)
            if key in ("risk", "efi") and value is not None:
                value = round(float(value), 3)
            elif hasattr(value, "item"):
                value = value.item()
            elif value != value:  # a missing name (NaN) is an empty cell
                value = None
            row.append(value)
        rows.append(row)
    return rows


def worklist_download(result: Worklist, fmt: str) -> downloads.Download:
    """Everyone on a worklist: identifiable, so sent ``no-store``."""
    filename = f"worklist-{result.kind}.{fmt}"
    columns = [column for _, column in WORKLIST_COLUMNS]
    rows = worklist_rows(result)
    if fmt == "csv":
        return downloads.csv(filename, columns, rows, identifiable=True)
    return downloads.xlsx(filename, [downloads.Sheet("Worklist", columns, rows)], identifiable=True)
