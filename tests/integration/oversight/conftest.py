"""A region of two systems with 36 months of statistics: the first system's A&E 4 hours falls
below the interim standard in its last months (special cause concern), the second is stable."""

import datetime as dt

import pytest

END = dt.date(2026, 9, 1)
STABLE = [75.0, 76.0] * 18
FALLING = [77.0, 78.0, 77.5, 78.5] * 8 + [72.0, 70.0, 69.0, 68.0]


@pytest.fixture
def region_systems(system):
    from factories.system import SystemFactory

    return system, SystemFactory(region=system.region, name="Second ICS", code="second")


@pytest.fixture
def statistics(region_systems):
    from engineroom.oversight import actions
    from factories.oversight import statistics_csv

    first, second = region_systems
    content = statistics_csv(
        {
            (first.code, "ae_4h"): FALLING,
            (second.code, "ae_4h"): STABLE,
            (first.code, "rtt_18w"): [60.0, 61.0] * 18,
            (second.code, "finance_variance"): [-1_000_000.0, -900_000.0] * 18,
        },
        END,
    )
    return actions.import_statistics(
        content, file_name="stats.csv", systems=region_systems, by=None
    )


@pytest.fixture
def trigger(region_systems):
    from engineroom.oversight import actions

    return actions.save_trigger(
        region=region_systems[0].region,
        measure="ae_4h",
        condition="special_cause_concern",
        months=2,
        against="interim",
        consequence="enhanced monitoring",
        intensive=False,
        active=True,
        by=None,
    )
