"""Reads of the evaluation app, always scoped to one system.

Evaluations and their stored briefings come from the database. The care homes an analyst may
choose, and the dates the linked data cover, come from the published linked lake under the PHM
var (``settings.PHM_VAR``, as the population health pages find it): a small grouped read of
``care_home_residency``, cached per published lake version, so no heavy query runs per request.
Everything read from the lake here is secondary use: opt-outs applied, counts suppressed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet
from django.http import Http404

from engineroom.evaluation.models import Evaluation
from engineroom.population.phm.suppression import suppress
from engineroom.system import queries as system_queries
from engineroom.system.models import System
from engineroom.web.population import var_dir


@dataclass(frozen=True)
class CareHome:
    home: str  # CQC location id
    place: str  # the place most of its residents' practices are in ("" if none)
    residents: int | str  # people ever resident, suppressed (``*`` for 1-7)


@dataclass(frozen=True)
class DataWindow:
    first: dt.date  # the first day of hospital activity in the data
    end: dt.date  # the data end (the latest GP event)


# -- evaluations ---------------------------------------------------------------------------------
def evaluations_in(system: System) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(system=system).select_related("created_by", "benefit")


def evaluation(system: System, pk: int) -> Evaluation:
    """One evaluation of ``system``; another system's, or none, is not found (404)."""
    found = evaluations_in(system).filter(pk=pk).first()
    if found is None:
        raise Http404("No such evaluation.")
    return found


def benefits_in(system: System) -> QuerySet:
    """The programme benefits of ``system`` an evaluation may be linked to."""
    benefit = Evaluation._meta.get_field("benefit").related_model
    return benefit.objects.filter(programme__system=system).select_related("programme")


def linked_to(benefit_ids) -> QuerySet[Evaluation]:
    """Finished evaluations linked to any of these benefits, newest first."""
    return Evaluation.objects.filter(benefit_id__in=list(benefit_ids), status="done")


# -- the published linked lake -------------------------------------------------------------------
def lake_version() -> str | None:
    """The published linked lake version under the PHM var; None before any is published."""
    from engineroom.population.lake import Lake
    from engineroom.population.pipeline import current_version

    return current_version(Lake(var_dir())) or None


def data_window() -> DataWindow | None:
    """The dates the linked data cover; None before any lake is published."""
    version = lake_version()
    return None if version is None else _window(str(var_dir()), version)


def care_homes(system: System) -> list[CareHome]:
    """Every care home in the linked lake with its place in ``system`` and its residents
    (suppressed); homes whose residents are registered outside the system are left out."""
    version = lake_version()
    if version is None:
        return []
    places = system_queries.practice_places(system)
    homes = []
    for home, practice, people in _homes(str(var_dir()), version):
        if practice in places:
            homes.append(CareHome(home, places[practice], suppress(people)))
    return homes


@lru_cache(maxsize=4)
def _homes(var: str, version: str) -> tuple[tuple[str, str, int], ...]:
    """(home, most residents' practice, people ever resident) per home, opt-outs removed."""
    import ibis

    from engineroom.population.phm.lakeviews import connect, secondary_use

    lake = connect(var)
    try:
        stays = lake.table("care_home").select("person_id", "care_home").distinct()
        people = lake.table("person").select(person_id="nhs_number", practice="registered_practice")
        rows = secondary_use(lake, stays.inner_join(people, "person_id"))
        per = rows.group_by(["care_home", "practice"]).aggregate(n=rows.person_id.nunique())
        ranked = ibis.row_number().over(group_by="care_home", order_by=[ibis.desc("n"), "practice"])
        top = per.mutate(rank=ranked).filter(ibis._.rank == 0).select("care_home", "practice")
        total = rows.group_by("care_home").aggregate(people=rows.person_id.nunique())
        found = top.inner_join(total, "care_home").order_by("care_home").to_pandas()
    finally:
        lake.close()
    return tuple((str(r.care_home), str(r.practice), int(r.people)) for r in found.itertuples())


@lru_cache(maxsize=4)
def _window(var: str, version: str) -> DataWindow:
    from engineroom.population.phm.lakeviews import connect, data_end

    lake = connect(var)
    try:
        first = lake.table("apc").admission_date.min().to_pyarrow().as_py()
        end = data_end(lake)
    finally:
        lake.close()
    first = first.date() if isinstance(first, dt.datetime) else first
    return DataWindow(first=first, end=end)
