"""Factories for oversight: observations, summaries, imports, triggers, firings and segments.

Summaries, firings and segments are normally written by ``actions.refresh``; tests of the pages
build data through ``actions.import_statistics`` (``statistics_csv`` writes the file)."""

from __future__ import annotations

import datetime as dt

import factory

from engineroom.oversight import models
from engineroom.web import periods
from factories.system import RegionFactory, SystemFactory


def statistics_csv(series: dict[tuple[str, str], list[float]], end: dt.date) -> bytes:
    """A monthly statistics file: ``{(system code, measure code): values}``, the last value in
    the month of ``end``."""
    lines = ["system_code,measure_code,month,numerator,denominator,value"]
    for (system, measure), values in series.items():
        start = periods.add_months(end.replace(day=1), 1 - len(values))
        for i, value in enumerate(values):
            month = periods.add_months(start, i)
            lines.append(f"{system},{measure},{month:%Y-%m},,,{value}")
    return ("\n".join(lines) + "\n").encode()


class StatisticsImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatisticsImport

    file_name = factory.Sequence(lambda n: f"statistics-{n}.csv")


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Observation

    system = factory.SubFactory(SystemFactory)
    measure = "ae_4h"
    month = factory.Sequence(lambda n: periods.add_months(dt.date(2022, 4, 1), n))
    value = 75.0
    source = models.Source.STATISTICS


class MeasureSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeasureSummary

    system = factory.SubFactory(SystemFactory)
    measure = "ae_4h"
    months = 24
    last_month = dt.date(2026, 9, 1)
    last_value = 74.0
    target = 95.0
    interim = 78.0
    meets_target = False
    meets_interim = False
    scored = True
    variation_icon = "common_cause"
    assurance_icon = "consistent_fail"


class TriggerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Trigger

    region = factory.SubFactory(RegionFactory)
    measure = "ae_4h"
    condition = models.Condition.CONCERN
    months = 2
    against = models.Against.INTERIM
    consequence = "enhanced monitoring"


class TriggerFiringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TriggerFiring

    trigger = factory.SubFactory(TriggerFactory)
    system = factory.SubFactory(SystemFactory)
    month = dt.date(2026, 9, 1)
    wording = "2 consecutive months of special cause concern → enhanced monitoring"
    evidence = factory.LazyFunction(
        lambda: [
            {
                "month": f"2026-0{m}-01",
                "value": 70.0,
                "point_type": "special_cause_concern",
                "target": 95.0,
                "interim": 78.0,
            }
            for m in (8, 9)
        ]
    )


class SegmentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Segmentation

    system = factory.SubFactory(SystemFactory)
    year = 2025
    framework = "NHS Oversight Framework 2025/26 (segments 1 to 5)"
    segment = 3
    reasons = factory.LazyFunction(lambda: ["Segment 3 of 5"])
    as_at = dt.date(2026, 3, 1)
