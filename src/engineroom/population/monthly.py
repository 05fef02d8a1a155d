"""Monthly activity measures computed from the published linked lake, for the oversight pages:
A&E attendances, emergency admissions and the outpatient did-not-attend rate, per calendar month.

They are SECONDARY USE (aggregate counts shown to a regulator), so they count only the people
secondary uses may see: national data opt-outs and GP type 1 objectors are removed, exactly as
the PHM aggregates remove them (:func:`engineroom.population.phm.lakeviews.secondary_use`); and
every count goes through the one suppression function
(:func:`engineroom.population.phm.suppression.suppress`) before it leaves: counts are rounded to
the nearest 5 and the rate is built on the rounded counts. A month whose count would be shown as
``*`` is left out rather than charted as a gap: these are system-level counts in the thousands,
so a suppressed month means a month the lake barely covers.

The lake's last month is left out when the data end (the extract date, as the PHM refresh reads
it) falls before that month's last day: a part month would read as a sudden fall in activity.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from pathlib import Path

import ibis

from engineroom.population.phm import lakeviews
from engineroom.population.phm.suppression import is_suppressed, rate, suppress

RATE_DIGITS = 2  # the DNA percentage, to two decimals (the statistics file's precision)


def lake_measures(var_dir: str | Path) -> list[dict]:
    """Every month's ``ae_attendances``, ``emergency_admissions`` and ``outpatient_dna`` from
    the current linked version of the lake under ``var_dir``, computed in DuckDB. Rows:
    ``{"measure", "month" (first of the month), "value", "numerator", "denominator"}``."""
    lake = lakeviews.connect(var_dir)
    try:
        return measures(lake)
    finally:
        lake.close()


def measures(lake: lakeviews.LinkedLake) -> list[dict]:
    """The measures of an open linked lake, by measure then month (see :func:`lake_measures`)."""
    last = complete_until(lakeviews.data_end(lake))
    ae = _by_month(lake, "ae", "arrival_date")
    apc = _by_month(lake, "apc", "admission_date")
    emergency = apc.filter(apc.admission_method == "emergency")
    op = _by_month(lake, "op", "appointment_date")
    rows = [
        *_counts("ae_attendances", _count(ae)),
        *_counts("emergency_admissions", _count(emergency)),
        *_dna(_count(op, missed=op.count(where=~op.attended))),
    ]
    return [r for r in rows if last is not None and r["month"] <= last]


def complete_until(data_end: date) -> date | None:
    """The first of the last calendar month the lake covers whole: the data end's month when
    it is that month's last day, else the month before."""
    month = data_end.replace(day=1)
    if data_end.day == calendar.monthrange(data_end.year, data_end.month)[1]:
        return month
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def _by_month(lake: lakeviews.LinkedLake, view: str, column: str) -> ibis.Table:
    """The secondary-use rows of a linked event table with ``month`` (the first of the month)."""
    t = lakeviews.secondary_use(lake, lake.table(view))
    t = t.filter(t[column].notnull())
    return t.mutate(month=t[column].cast("date").truncate("M"))


def _count(t: ibis.Table, **more) -> list[dict]:
    """Rows per month (``n``) and any further aggregates: the only rows that leave the engine."""
    found = t.group_by("month").agg(n=t.count(), **more).order_by("month")
    return [{**row, "month": _day(row["month"])} for row in found.to_pyarrow().to_pylist()]


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _counts(measure: str, found: list[dict]) -> list[dict]:
    rows = []
    for row in found:
        shown = suppress(row["n"])
        if not is_suppressed(shown):
            rows.append(_row(measure, row["month"], shown, None, None))
    return rows


def _dna(found: list[dict]) -> list[dict]:
    """Appointments not attended as a percentage of all appointments, from the rounded counts;
    a month whose numerator or denominator is suppressed is left out."""
    rows = []
    for row in found:
        value = rate(row["missed"], row["n"], digits=RATE_DIGITS)
        if value is None or is_suppressed(value):
            continue
        top, bottom = suppress(row["missed"]), suppress(row["n"])
        rows.append(_row("outpatient_dna", row["month"], value, top, bottom))
    return rows


def _row(measure: str, month: date, value, numerator, denominator) -> dict:
    return {
        "measure": measure,
        "month": month,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
    }
