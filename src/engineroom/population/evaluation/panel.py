"""Area-level evaluation from the lake: a practice x month panel, difference-in-differences
against the practices that did not adopt, and an interrupted time series of the adopters.

A fixed cohort is followed month by month through the whole window: everyone registered and
alive on the start date, or only the people resident in a care home then (an intervention aimed
at care homes is diluted past seeing in a whole population). Each month counts the cohort's
emergency admissions and A&E attendances, and its people alive at the month's start (the
exposure). Practices are the units, so errors cluster over more than a handful of areas; the
adopting practices are the treated ones (places adopting a model: their practices). SECONDARY
USE: opt-outs removed, only counts leave the engine, every published count suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import ibis
import numpy as np
import pandas as pd
from ibis import _

from engineroom.population.evaluation import area, words
from engineroom.population.evaluation.cohort import residents
from engineroom.population.phm.features import registered_on
from engineroom.population.phm.lakeviews import secondary_use
from engineroom.population.phm.suppression import rate, suppress

POPULATIONS = ("everyone", "care_home_residents")
OUTCOMES = {"emergency_admissions": "emergency admissions", "ae_attendances": "A&E attendances"}


def months(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s."""
    return [d.date() for d in pd.date_range(first.replace(day=1), last, freq="MS")]


def cohort(lake, start: date, population: str) -> ibis.Table:
    """(person_id, unit, death) for everyone in the cohort (see the module doc)."""
    if population not in POPULATIONS:
        raise ValueError(f"population {population!r}: one of {', '.join(POPULATIONS)}")
    alive = registered_on(lake, ibis.date(start))
    people = alive.select(person_id=_.nhs_number, unit=_.registered_practice, death=_.date_of_death)
    if population == "care_home_residents":
        people = people.semi_join(residents(lake, start), "person_id")
    return secondary_use(lake, people)


def build(lake, *, start: date, first: date, last: date, population: str) -> pd.DataFrame:
    """One row per practice and month: events of each outcome and people alive (exposure)."""
    people = cohort(lake, start, population)
    calendar = ibis.memtable({"month": months(first, last)})
    exposure = people.cross_join(calendar)
    exposure = exposure.filter(exposure.death.isnull() | (exposure.death > exposure.month))
    exposure = exposure.group_by(["unit", "month"]).agg(people=_.count())
    frame = exposure.to_pandas()
    for name, events in _events(lake, people, first.replace(day=1), last).items():
        counted = events.group_by(["unit", "month"]).agg(**{name: _.count()}).to_pandas()
        frame = frame.merge(counted, on=["unit", "month"], how="left")
        frame[name] = frame[name].fillna(0).astype(int)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame.sort_values(["unit", "month"]).reset_index(drop=True)


def _events(lake, people: ibis.Table, first: date, last: date) -> dict[str, ibis.Table]:
    """Each outcome's events of the cohort in the panel's months, with the month."""
    apc, ae = lake.table("apc"), lake.table("ae")
    admitted = apc.filter(apc.admission_method == "emergency")
    sources = {
        "emergency_admissions": (admitted, admitted.admission_date),
        "ae_attendances": (ae, ae.arrival_date),
    }
    out = {}
    for name, (table, day) in sources.items():
        dated = table.select("person_id", month=day.truncate("M").cast("date"))
        dated = dated.filter(dated.month.between(ibis.date(first), ibis.date(last)))
        out[name] = dated.inner_join(people, "person_id").select("unit", "month")
    return out


def evaluate_area(
    panel: pd.DataFrame, *, treated: Sequence[str], start: date, outcome: str
) -> dict:
    """Difference-in-differences (Poisson, person-months offset, clustered by practice) with its
    parallel-trends check, and an interrupted time series of the adopters' monthly rate."""
    data = panel[panel["people"] > 0].assign(
        treated=lambda f: f["unit"].isin(list(treated)),
        post=lambda f: f["month"] >= start.replace(day=1),
        period=lambda f: f["month"].astype(str),
    )
    if not data["treated"].any() or data["treated"].all():
        raise ValueError("the panel needs practices that adopted and practices that did not")
    did = area.did(
        data, outcome=outcome, unit="unit", period="period", family="poisson", exposure="people"
    )
    series = data[data["treated"]].groupby("month", as_index=False)[[outcome, "people"]].sum()
    series["rate"] = 1000 * series[outcome] / series["people"]
    its = area.its(series, outcome="rate", time="month", start=start.replace(day=1))
    return {"did": did, "its": its, "series": _published(series, outcome)}


def _published(series: pd.DataFrame, outcome: str) -> list[dict]:
    """The adopters' monthly series as published: counts suppressed, the rate on them."""
    return [
        {
            "month": row.month.isoformat(),
            "events": suppress(int(getattr(row, outcome))),
            "people": suppress(int(row.people)),
            "rate": rate(int(getattr(row, outcome)), int(row.people), 1000, 2),
        }
        for row in series.itertuples()
    ]


PRE_MONTHS = 18  # months of the panel before the start


def evaluate_practices(
    var,
    *,
    practices: Sequence[str],
    start: date,
    population: str = "everyone",
    engine: str = "duckdb",
) -> dict:
    """Every outcome's area-level evaluation of the adopting ``practices`` from ``start``."""
    from engineroom.population.phm.lakeviews import connect, data_end

    lake = connect(var, engine=engine)
    try:
        last = data_end(lake)
        first = (pd.Timestamp(start) - pd.DateOffset(months=PRE_MONTHS)).date()
        panel = build(lake, start=start, first=first, last=last, population=population)
    finally:
        lake.close()
    found = {
        name: evaluate_area(panel, treated=practices, start=start, outcome=name)
        for name in OUTCOMES
    }
    return {
        "design": "difference-in-differences and interrupted time series, practices by month",
        "population": population,
        "start": start.isoformat(),
        "practices": {"adopting": sorted(practices), "units": int(panel["unit"].nunique())},
        "key_points": [rate_ratio_words(r, OUTCOMES[n]) for n, r in found.items()],
        "results": found,
    }


def rate_ratio_words(result: dict, label: str) -> str:
    """The DiD finding and its parallel-trends check, in two sentences."""
    rr, low, high = (result["did"][k] for k in ("rate_ratio", "ci_low", "ci_high"))
    if not np.isfinite([rr, low, high]).all():
        return words.sentence(f"{label}: no estimate")
    found = words.change(f"{label} (against the comparison practices' trend)", rr, low, high)
    return f"{words.sentence(found)} {result['did']['trends']['words']}"
