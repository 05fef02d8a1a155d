"""Reads of the oversight app: a system's measures as Making Data Count summarises them, one
measure's series, the triggers and their firings, segments, and the region across its systems.

Summaries are precomputed (``actions.refresh``), so the region page reads rows, never charts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.http import Http404

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.queries import visible_systems
from engineroom.accounts.rules import memberships
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

FINANCE, FINANCE_MONTH = "finance_ytd", "finance_variance"  # the position, and its run rate


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
    rows = TriggerFiring.objects.filter(system=system).select_related("trigger", "system")
    return list(rows.filter(trigger__measure=code) if code else rows)


def latest_month(system: System) -> dt.date | None:
    return Observation.objects.filter(system=system).aggregate(m=Max("month"))["m"]


def triggers(region: Region) -> list[Trigger]:
    """The region's triggers, each with ``fired``: how many system-months it has fired."""
    return list(Trigger.objects.filter(region=region).annotate(fired=Count("firings")))


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
    finance: MeasureSummary | None  # the year-to-date position
    run_rate: MeasureSummary | None  # the in-month surplus against plan, charted as SPC
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
            run_rate=summaries[s.pk].get(FINANCE_MONTH),
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
    """The triggers in force now: each firing in its measure's latest month for that system
    (statistics lag by different amounts, so "now" is per measure)."""
    months = {s.last_month for rows in summaries.values() for s in rows.values()}
    found: dict[int, list[TriggerFiring]] = defaultdict(list)
    rows = TriggerFiring.objects.filter(system__in=systems, month__in=months)
    for f in rows.select_related("trigger", "system"):
        latest = summaries.get(f.system_id, {}).get(f.trigger.measure)
        if latest is not None and f.month == latest.last_month:
            found[f.system_id].append(f)
    return found


def may_edit_triggers(user, region: Region) -> bool:
    """The region's triggers are the regional team's: a membership of the region itself whose
    role grants ``oversight.edit`` (an analyst's edit right in one system never reaches them,
    even where the region has one system)."""
    return any(
        m.region_id == region.pk and Permission.OVERSIGHT_EDIT in ROLES[m.role].permissions
        for m in memberships(user)
    )


def editable_systems(user) -> list[System]:
    """The systems whose statistics ``user`` may import."""
    return list(visible_systems(user, Permission.OVERSIGHT_EDIT))


def firings_now(system: System) -> list[TriggerFiring]:
    """The triggers firing now: each in its measure's latest month of data."""
    summaries = {s.measure: s for s in MeasureSummary.objects.filter(system=system)}
    return _latest_firings([system], {system.pk: summaries}).get(system.pk, [])


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


def all_observations(system: System) -> list[Observation]:
    """Every observation of the system in one query, in catalogue order then by month (the
    oversight queries read one measure at a time)."""
    order = {code: i for i, code in enumerate(measures())}
    found = Observation.objects.filter(system=system).order_by("measure", "month")
    return sorted(found, key=lambda o: (order.get(o.measure, len(order)), o.month))
