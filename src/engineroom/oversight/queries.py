"""Reads of the oversight app: a system's measures as Making Data Count summarises them, one
measure's series, the triggers and their firings, segments, and the region across its systems.

Summaries are precomputed (``actions.refresh``), so the region page reads rows, never charts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import visible_systems
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.audit import queries as audit_queries
from engineroom.oversight.catalogue import Measure, measures
from engineroom.oversight.models import (
    MeasureSummary,
    Observation,
    Segmentation,
    StatisticsImport,
    Trigger,
    TriggerFiring,
)
from engineroom.oversight.presenters import KEY_MEASURES
from engineroom.system.models import Region, System
from engineroom.system.queries import leaders_of

FINANCE = "finance_variance"


@dataclass(frozen=True)
class SummaryRow:
    measure: Measure
    summary: MeasureSummary


def summary_rows(system: System) -> list[SummaryRow]:
    """Every measure with data for ``system``, in catalogue order."""
    found = {s.measure: s for s in MeasureSummary.objects.filter(system=system)}
    return [SummaryRow(m, found[c]) for c, m in measures().items() if c in found]


def measure_or_404(code: str) -> Measure:
    if code not in measures():
        raise Http404("No such measure.")
    return measures()[code]


def observations(system: System, code: str) -> list[Observation]:
    return list(Observation.objects.filter(system=system, measure=code).order_by("month"))


def segments(system: System) -> list[Segmentation]:
    """The system's segment in every year with data, latest first."""
    return list(Segmentation.objects.filter(system=system).order_by("-year"))


def firings(system: System, *, code: str | None = None) -> list[TriggerFiring]:
    rows = TriggerFiring.objects.filter(system=system).select_related("trigger")
    return list(rows.filter(trigger__measure=code) if code else rows)


def latest_month(system: System) -> dt.date | None:
    return Observation.objects.filter(system=system).aggregate(m=Max("month"))["m"]


def triggers(region: Region) -> list[Trigger]:
    return list(Trigger.objects.filter(region=region).prefetch_related("firings"))


def trigger(region: Region, pk: int) -> Trigger:
    found = Trigger.objects.filter(region=region, pk=pk).first()
    if found is None:
        raise Http404("No such trigger.")
    return found


def imports(user, limit: int = 10) -> list[StatisticsImport]:
    return list(StatisticsImport.objects.filter(imported_by=user)[:limit])


@dataclass
class RegionRow:
    system: System
    segment: Segmentation | None
    fired: list[TriggerFiring]
    finance: MeasureSummary | None
    key: dict[str, MeasureSummary]
    leaders: dict
    concerns: int  # measures whose latest point is special cause concern


def region_rows(region: Region) -> list[RegionRow]:
    """One row per system: segment, triggers firing in its latest month, finance position,
    leadership and the key measures. A fixed number of queries whatever the region's size."""
    systems = list(System.objects.filter(region=region).order_by("name"))
    summaries: dict[int, dict[str, MeasureSummary]] = defaultdict(dict)
    for s in MeasureSummary.objects.filter(system__in=systems):
        summaries[s.system_id][s.measure] = s
    latest = _latest_segments(systems)
    fired = _latest_firings(systems, summaries)
    leaders = leaders_of(systems)
    return [
        RegionRow(
            system=s,
            segment=latest.get(s.pk),
            fired=fired.get(s.pk, []),
            finance=summaries[s.pk].get(FINANCE),
            key={c: summaries[s.pk][c] for c in KEY_MEASURES if c in summaries[s.pk]},
            leaders=leaders.get(s.pk, {}),
            concerns=sum(x.variation_icon.startswith("concern") for x in summaries[s.pk].values()),
        )
        for s in systems
    ]


def _latest_segments(systems: list[System]) -> dict[int, Segmentation]:
    found: dict[int, Segmentation] = {}
    for seg in Segmentation.objects.filter(system__in=systems).order_by("year"):
        found[seg.system_id] = seg
    return found


def _latest_firings(systems, summaries) -> dict[int, list[TriggerFiring]]:
    """Firings in each system's latest month of data: the triggers in force now."""
    last = {
        sid: max((s.last_month for s in rows.values()), default=None)
        for sid, rows in summaries.items()
    }
    found: dict[int, list[TriggerFiring]] = defaultdict(list)
    rows = TriggerFiring.objects.filter(system__in=systems).select_related("trigger")
    for f in rows.filter(month__in={m for m in last.values() if m}):
        if f.month == last.get(f.system_id):
            found[f.system_id].append(f)
    return found


def may_edit_triggers(user, region: Region) -> bool:
    """The region's triggers are the regional team's: ``oversight.edit`` in every system of it."""
    systems = list(System.objects.filter(region=region))
    return bool(systems) and all(
        has_permission(user, Permission.OVERSIGHT_EDIT, system=s) for s in systems
    )


def editable_systems(user) -> list[System]:
    """The systems whose statistics ``user`` may import."""
    return list(visible_systems(user, Permission.OVERSIGHT_EDIT))


def firings_now(system: System) -> list[TriggerFiring]:
    """The triggers firing in the system's latest month of data."""
    month = latest_month(system)
    if month is None:
        return []
    return list(TriggerFiring.objects.filter(system=system, month=month).select_related("trigger"))


def statistics_import(pk: int, user) -> StatisticsImport:
    """An import the user made (the file may cover systems other users may not load)."""
    found = StatisticsImport.objects.filter(pk=pk, imported_by=user).first()
    if found is None:
        raise Http404("No such import.")
    return found


def trigger_history(found: Trigger) -> list:
    """Every audited change of the trigger, newest first: who, when, the words before and after."""
    return audit_queries.about(audit.subject(found))


def finance_latest(system: System) -> MeasureSummary | None:
    return MeasureSummary.objects.filter(system=system, measure=FINANCE).first()
