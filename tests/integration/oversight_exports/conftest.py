"""Two systems of one region with eighteen months of oversight statistics, loaded through the
statistics import as a regional team would, and a written trigger on A&E four hours.

The first system's A&E performance falls well below its process in the last three months
(special cause concern, and the 95% standard consistently failed), so its trigger fires now; the
second system's is steady."""

from __future__ import annotations

import datetime as dt

import pytest

MONTHS = [dt.date(2024 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(18)]  # Apr 24 on
WOBBLE = (0.4, -0.3, 0.6, -0.5, 0.1, -0.2, 0.3, -0.6, 0.2, -0.1, 0.5, -0.4)
AE_DENOMINATOR = 20_000


def _series(level: float, spread: float, *, drop_last: float = 0.0) -> list[float]:
    values = [level + spread * WOBBLE[i % len(WOBBLE)] for i in range(len(MONTHS))]
    return [v - drop_last if i >= len(MONTHS) - 3 else v for i, v in enumerate(values)]


def _ae_rows(code: str, values: list[float]) -> list[str]:
    """A&E rows with numerator and denominator that agree with the value exactly."""
    rows = []
    for month, value in zip(MONTHS, values, strict=True):
        top = round(value * AE_DENOMINATOR / 100)
        shown = 100 * top / AE_DENOMINATOR
        rows.append(f"{code},ae_4h,{month:%Y-%m},{top},{AE_DENOMINATOR},{shown:.2f}")
    return rows


def _rows(code: str, measure: str, values: list[float]) -> list[str]:
    return [f"{code},{measure},{m:%Y-%m},,,{v:.2f}" for m, v in zip(MONTHS, values, strict=True)]


def statistics_csv(first: str, second: str) -> bytes:
    lines = ["system_code,measure_code,month,numerator,denominator,value"]
    lines += _ae_rows(first, _series(80, 1, drop_last=10))
    lines += _ae_rows(second, _series(76, 1))
    for code, scale in ((first, 1.0), (second, 0.8)):
        lines += _rows(code, "amb_cat2", _series(30 * scale, 2))
        lines += _rows(code, "rtt_18w", _series(60 * scale, 1.5))
    return ("\n".join(lines) + "\n").encode()


def finance_rows(values: list[float]) -> list[dict]:
    """The finance position as the open book gives it (never from a statistics file): the
    year-to-date position and the in-month figures it is made of."""
    rows, before = [], 0.0
    for month, ytd in zip(MONTHS, values, strict=True):
        in_month = ytd if month.month == 4 else ytd - before
        rows.append({"measure": "finance_ytd", "month": month, "value": round(ytd, 2)})
        rows.append({"measure": "finance_variance", "month": month, "value": round(in_month, 2)})
        before = ytd
    return rows


MEASURES_PER_SYSTEM = 5  # three from the statistics file, two from the open book


@pytest.fixture
def months() -> list[dt.date]:
    return MONTHS


@pytest.fixture
def measures_per_system() -> int:
    return MEASURES_PER_SYSTEM


@pytest.fixture
def region(db):
    from factories.system import RegionFactory

    return RegionFactory(code="north-test", name="North Test Region")


@pytest.fixture
def systems(region):
    from factories.system import PersonFactory, RoleAssignmentFactory, SystemFactory

    first = SystemFactory(code="upper-vale", name="Upper Vale ICS", region=region)
    second = SystemFactory(code="lower-vale", name="Lower Vale ICS", region=region)
    chair = PersonFactory(name="Ada Chairwoman")
    RoleAssignmentFactory(role="ics_chair", system=first, person=chair)
    RoleAssignmentFactory(role="ics_lead", system=first, person=None, status="recruiting")
    return first, second


@pytest.fixture
def loaded(systems, region):
    """The statistics imported and the trigger written, through the oversight actions."""
    from engineroom.oversight import actions
    from factories.accounts import UserFactory

    team = UserFactory()
    first, second = systems
    done = actions.import_statistics(
        statistics_csv(first.code, second.code),
        file_name="statistics.csv",
        systems=[first, second],
        by=team,
    )
    assert done.quarantined == 0, done.problems
    for system, values in (
        (first, _series(-1_500_000, 100_000)),
        (second, _series(200_000, 50_000)),
    ):
        actions.record_computed(system, finance_rows(values), source="finance", by=team)
    actions.save_trigger(
        region=region,
        by=team,
        measure="ae_4h",
        condition="special_cause_concern",
        months=1,
        against="none",
        consequence="enhanced monitoring",
        intensive=False,
        active=True,
    )
    return first, second


@pytest.fixture
def system(loaded):
    """The shared ``member`` fixture's system: the first, whose A&E performance fell."""
    return loaded[0]
