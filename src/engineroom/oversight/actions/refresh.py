"""What follows from the observations, written again whenever they or the triggers change: each
series' SPC summary, each trigger's firings month by month, and each year's segment.

Computed here, once per change, so that no page draws more than the one chart it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.oversight import rules
from engineroom.oversight.catalogue import framework, measure, measures
from engineroom.oversight.models import (
    MeasureSummary,
    Observation,
    Segmentation,
    Trigger,
    TriggerFiring,
)
from engineroom.oversight.presenters import value_text
from engineroom.system.models import Region, System
from engineroom.web import periods

Series = tuple[list[dt.date], list[float]]


def series_of(system: System, codes: Iterable[str] | None = None) -> dict[str, Series]:
    """Every series of ``system`` (or those of ``codes``), months ascending."""
    rows = Observation.objects.filter(system=system)
    if codes is not None:
        rows = rows.filter(measure__in=list(codes))
    found: dict[str, Series] = defaultdict(lambda: ([], []))
    for code, month, value in rows.order_by("measure", "month").values_list(
        "measure", "month", "value"
    ):
        found[code][0].append(month)
        found[code][1].append(value)
    return dict(found)


def systems(changed: Iterable[System], codes: Iterable[str]) -> None:
    """Summaries of the changed series, then every trigger and segment of those systems."""
    codes = set(codes)
    for system in changed:
        with transaction.atomic():
            _summaries(system, series_of(system, codes))
            _firings(system, Trigger.objects.filter(region_id=system.region_id, active=True))
            _segments(system)


def triggers(region: Region) -> None:
    """A trigger changed: find the firings of every system of the region again."""
    live = Trigger.objects.filter(region=region, active=True)
    for system in System.objects.filter(region=region):
        with transaction.atomic():
            _firings(system, live)
            _segments(system)


def _summaries(system: System, found: dict[str, Series]) -> None:
    for code, (months, values) in found.items():
        fields = rules.summary(measure(code), months, values)
        MeasureSummary.objects.update_or_create(system=system, measure=code, defaults=fields)


def _firings(system: System, live) -> None:
    """Firings as they are now; new ones and withdrawn ones are audited."""
    live = list(live)
    found = series_of(system, {t.measure for t in live})
    wanted = {}
    for trigger in live:
        months, values = found.get(trigger.measure, ([], []))
        words = rules.wording_of(trigger)
        for i, evidence in rules.firings(
            rules.spec_of(trigger), measure(trigger.measure), months, values
        ):
            wanted[(trigger.pk, months[i])] = (trigger, words, evidence)
    stored = TriggerFiring.objects.filter(system=system)
    have = {(f.trigger_id, f.month): f for f in stored}
    gone = [f for key, f in have.items() if key not in wanted]
    new = [key for key in wanted if key not in have]
    TriggerFiring.objects.filter(pk__in=[f.pk for f in gone]).delete()
    for key, firing in have.items():  # still firing: the words and data as the trigger now says
        if key in wanted and (firing.wording, firing.evidence) != wanted[key][1:]:
            firing.wording, firing.evidence = wanted[key][1:]
            firing.save(update_fields=["wording", "evidence"])
    for key in new:
        trigger, words, evidence = wanted[key]
        TriggerFiring.objects.create(
            trigger=trigger, system=system, month=key[1], wording=words, evidence=evidence
        )
    if new or gone:
        details = {"fired": len(new), "withdrawn": len(gone)}
        audit.record(
            "oversight.triggers_evaluated", audit.subject(system), by=None, details=details
        )


def _segments(system: System) -> None:
    """The segment of every financial year with data, as at the year's last month of data."""
    found = series_of(system)
    years = sorted({periods.year_of(m) for months, _ in found.values() for m in months})
    for year in years:
        as_at = max(m for months, _ in found.values() for m in months if periods.year_of(m) == year)
        number, score, reasons = _segment(system, found, year, as_at)
        Segmentation.objects.update_or_create(
            system=system,
            year=year,
            defaults={
                "framework": framework(year).name,
                "segment": number,
                "score": score,
                "reasons": reasons,
                "as_at": as_at,
            },
        )


def _segment(system: System, found: dict[str, Series], year: int, as_at: dt.date):
    scores = []
    for code, (months, values) in found.items():
        standard = measures()[code].standard(year)
        upto = [i for i, m in enumerate(months) if m <= as_at]
        if not standard or not standard.scored or not upto or months[upto[-1]] < as_at:
            continue
        cut = upto[-1] + 1
        row = rules.summary(measure(code), months[:cut], values[:cut])
        unit = measures()[code].unit
        scores.append(rules.metric_score(measure(code), row, lambda v, u=unit: value_text(u, v)))
    fired = TriggerFiring.objects.filter(system=system, month=as_at, trigger__intensive=True)
    return rules.segment(framework(year), scores, [f.wording for f in fired])
