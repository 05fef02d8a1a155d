"""The demo's monthly statistics file: every system x statistics measure x 60 months in the
documented format, the stories the oversight pages tell, and the same bytes from the same seed
and month."""

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest

from engineroom.demo import oversight
from engineroom.oversight import rules
from engineroom.oversight.catalogue import measure, measures
from engineroom.oversight.imports import parse

SYSTEMS = [("vale-downs", 1_206_000), ("coast-forest", 724_000), ("northern-moors", 549_000)]
TODAY = dt.date(2026, 11, 30)


def _rows(seed=20181, today=TODAY) -> list[dict]:
    text = oversight.statistics_csv(SYSTEMS, seed=seed, today=today)
    return list(csv.DictReader(io.StringIO(text)))


def _series(rows, system: str, code: str) -> tuple[list[dt.date], list[float]]:
    found = [r for r in rows if (r["system_code"], r["measure_code"]) == (system, code)]
    months = [dt.date.fromisoformat(f"{r['month']}-01") for r in found]
    return months, [float(r["value"]) for r in found]


def test_every_system_and_statistics_measure_has_60_months_to_last_month():
    rows = _rows()
    wanted = [m.code for m in measures().values() if not m.computed]
    assert len(wanted) == 26 and "ae_attendances" not in wanted and "finance_variance" not in wanted
    cells = defaultdict(list)
    for r in rows:
        cells[(r["system_code"], r["measure_code"])].append(r["month"])
    assert set(cells) == {(s, m) for s, _ in SYSTEMS for m in wanted}
    for months in cells.values():
        assert len(months) == len(set(months)) == 60
        assert (months[0], months[-1]) == ("2021-11", "2026-10")


def test_the_file_passes_the_statistics_import_row_by_row():
    text = oversight.statistics_csv(SYSTEMS, seed=7, today=TODAY)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["system_code", "measure_code", "month", "numerator", "denominator", "value"]
    accepted, problems = parse(table, {s for s, _ in SYSTEMS})
    assert problems == [] and len(accepted) == 3 * 26 * 60


def test_percentages_carry_counts_and_levels_are_english():
    rows = _rows()
    for r in rows:
        unit = measure(r["measure_code"]).unit
        assert bool(r["denominator"]) == (unit == "percent"), r
    _, ae = _series(rows, "vale-downs", "ae_4h")
    assert 68 < sum(ae) / len(ae) < 82
    _, waiting = _series(rows, "vale-downs", "rtt_list")
    assert 120_000 < waiting[-1] < 250_000
    assert not [r for r in rows if r["measure_code"] == "finance_variance"]  # from the returns


@pytest.mark.parametrize("seed", [20181, 1, 2, 3])
@pytest.mark.parametrize("today", [TODAY, dt.date(2027, 4, 2), dt.date(2026, 1, 15)])
def test_coast_forest_ae_falls_below_the_interim_standard_as_special_cause(seed, today):
    months, values = _series(_rows(seed, today), "coast-forest", "ae_4h")
    chart = rules.read(measure("ae_4h"), months, values)
    assert [p.point_type for p in chart.points[-2:]] == ["special_cause_concern"] * 2
    assert max(values[-2:]) < 78
    spec = rules.TriggerSpec("ae_4h", "special_cause_concern", 2, "interim", "enhanced monitoring")
    fired = rules.firings(spec, measure("ae_4h"), months, values)
    assert fired and fired[-1][0] == len(values) - 1  # the default trigger catches it


def test_the_main_system_is_mostly_improving_and_northern_moors_erratic():
    vale, moors = oversight.stories("vale-downs", 20181), oversight.stories("northern-moors", 20181)
    assert sum(s == "improving" for s, _ in vale.values()) > len(vale) / 2
    assert sum(s == "erratic" for s, _ in moors.values()) > len(moors) / 2
    assert oversight.stories("coast-forest", 20181)["ae_4h"][0] == "late_fall"


def test_same_seed_and_month_same_bytes_another_month_or_seed_differs():
    first = oversight.statistics_csv(SYSTEMS, seed=5, today=TODAY)
    assert oversight.statistics_csv(SYSTEMS, seed=5, today=dt.date(2026, 11, 1)) == first
    assert oversight.statistics_csv(SYSTEMS, seed=6, today=TODAY) != first
    assert oversight.statistics_csv(SYSTEMS, seed=5, today=dt.date(2026, 12, 1)) != first
