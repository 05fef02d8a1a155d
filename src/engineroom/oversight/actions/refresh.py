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


def series_of(system: System) -> dict[str, Series]:
    """Every series of ``system``, months ascending."""
    rows = Observation.objects.filter(system=system)
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
            found = series_of(system)  # read once: summaries, firings and segments share it
            _summaries(system, {c: s for c, s in found.items() if c in codes})
            live = Trigger.objects.filter(region_id=system.region_id, active=True)
            _firings(system, live, found)
            _segments(system, found)


def triggers(region: Region) -> None:
    """A trigger changed: find the firings of every system of the region again."""
    live = Trigger.objects.filter(region=region, active=True)
    for system in System.objects.filter(region=region):
        with transaction.atomic():
            found = series_of(system)
            _firings(system, live, found)
            _segments(system, found)


def _summaries(system: System, found: dict[str, Series]) -> None:
    for code, (months, values) in found.items():
        fields = rules.summary(measure(code), months, values)
        MeasureSummary.objects.update_or_create(system=system, measure=code, defaults=fields)


def _firings(system: System, live, found: dict[str, Series]) -> None:
    """Firings as they are now; new ones and withdrawn ones are audited."""
    live = list(live)
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


def _segments(system: System, found: dict[str, Series]) -> None:
    """The segment of every financial year with data, as at the year's last month of data; a
    year with no scored measure is not segmented (no row), rather than shown as the best."""
    years = sorted({periods.year_of(m) for months, _ in found.values() for m in months})
    for year in years:
        as_at = max(m for months, _ in found.values() for m in months if periods.year_of(m) == year)
        scores = _scores(found, year)
        intensive = _intensive(system, found, year)
        if not scores and not intensive:
            Segmentation.objects.filter(system=system, year=year).delete()
            continue
        number, score, reasons = rules.segment(framework(year), scores, intensive)
        _keep_segment(system, year, as_at, number, score, reasons)


def _keep_segment(system, year, as_at, number, score, reasons) -> None:
    """Store the year's segment; a change of segment is audited with the reasons before and
    after, so a regulator can see when and why a system moved."""
    before = Segmentation.objects.filter(system=system, year=year).first()
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
    if before is None or before.segment != number:
        details = {
            "year": year,
            "before": before.segment if before else None,
            "after": number,
            "reasons": reasons,
        }
        audit.record("oversight.segment_changed", audit.subject(system), by=None, details=details)


def _last_in_year(months: list[dt.date], year: int) -> int | None:
    """The index of the latest month that speaks for ``year``: the latest in the year, or, for
    a measure not yet published for it (statistics lag, so every April), the latest of the 12
    months before its end. None when the measure has nothing that recent."""
    end = periods.add_months(dt.date(year, 4, 1), 12)
    start = periods.add_months(dt.date(year, 4, 1), -12)
    inside = [i for i, m in enumerate(months) if start <= m < end]
    return inside[-1] if inside else None


def _scores(found: dict[str, Series], year: int) -> list[rules.MetricScore]:
    """Each scored measure as at its own latest month of the year (statistics lag by different
    amounts; the reason names the month)."""
    scores = []
    for code, (months, values) in found.items():
        standard = measures()[code].standard(year)
        last = _last_in_year(months, year)
        if not standard or not standard.scored or last is None:
            continue
        row = rules.summary(measure(code), months[: last + 1], values[: last + 1])
        unit = measures()[code].unit
        scores.append(rules.metric_score(measure(code), row, lambda v, u=unit: value_text(u, v)))
    return scores


def _intensive(system: System, found: dict[str, Series], year: int) -> list[str]:
    """The words of intensive-support triggers firing in their measure's latest month of the
    year."""
    words = []
    fired = TriggerFiring.objects.filter(system=system, trigger__intensive=True)
    for f in fired.select_related("trigger"):
        months = found.get(f.trigger.measure, ([], []))[0]
        last = _last_in_year(months, year)
        if last is not None and f.month == months[last]:
            words.append(f.wording)
    return words
