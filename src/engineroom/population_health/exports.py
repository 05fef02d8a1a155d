"""CSV and XLSX exports. Aggregates go through the one suppression function again on the way
out (counts) and never come from anywhere but the suppressed ``dashboard.json``; worklists are
direct care and are audited by the view that serves them."""

from __future__ import annotations

import csv
import io

from engineroom.phm.suppression import SUPPRESSED, suppress

COUNT_KEYS = {"people", "population", "count", "female", "male", "registered", "recorded",
              "expected", "estimated_undiagnosed", "case_finding_flagged", "previous_people"}  # fmt: skip
AGG_HEADER = ["area", "level", "section", "item", "field", "value"]
WORKLIST_COLUMNS = [
    ("nhs_number", "NHS number"), ("practice", "Practice"), ("age", "Age"), ("sex", "Sex"),
    ("segment", "Segment"), ("risk", "12-month emergency admission risk"),
    ("risk_rank", "Risk rank"), ("efi", "eFI"), ("efi_category", "Frailty"),
    ("case_finding", "Case-finding"), ("emergency_admissions", "Emergency admissions (12 months)"),
]  # fmt: skip


def _publishable(field: str, value):
    """Counts are suppressed (again: idempotent for already-suppressed values)."""
    if field in COUNT_KEYS and value not in (SUPPRESSED, None) and not isinstance(value, str):
        return suppress(int(value))
    return value


def aggregate_rows(area: dict) -> list[list]:
    rows = []
    name, level = area["name"], area["level"]
    for field in ("population",):
        rows.append([name, level, "population", "", field, _publishable(field, area[field])])
    for field, value in area["core20"].items():
        rows.append([name, level, "core20", "", field, _publishable(field, value)])
    for section, key in (("pyramid", "band"), ("segments", "segment"), ("risk", "group"),
                         ("prevalence", "condition")):  # fmt: skip
        for item in area[section]:
            for field, value in item.items():
                if field not in (key, "label"):
                    rows.append(
                        [name, level, section, item[key], field, _publishable(field, value)]
                    )
    for item in area["frailty"]["categories"]:
        for field in ("people", "percent"):
            rows.append([name, level, "frailty_65", item["category"], field,
                         _publishable(field, item[field])])  # fmt: skip
    for measure in area["inequalities"]:
        for q in measure["quintiles"]:
            for field in ("count", "population", "rate"):
                rows.append([name, level, f"inequalities:{measure['measure']}",
                             f"quintile {q['quintile']}", field, _publishable(field, q[field])])  # fmt: skip
        for field in ("absolute_gap", "relative_gap", "sii"):
            rows.append(
                [name, level, f"inequalities:{measure['measure']}", "", field, measure[field]]
            )
    return rows


def to_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def worklist_rows(frame) -> tuple[list[str], list[list]]:
    header = [label for _, label in WORKLIST_COLUMNS]
    rows = []
    for record in frame.to_dict("records"):
        row = []
        for key, _ in WORKLIST_COLUMNS:
            value = record.get(key)
            if key in ("risk", "efi") and value is not None:
                value = round(float(value), 3)
            elif hasattr(value, "item"):
                value = value.item()
            row.append(value)
        rows.append(row)
    return header, rows
