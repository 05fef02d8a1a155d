"""Outcomes of a model of care by place: each adopting place's emergency admissions per 1,000
before and after it adopted, and the adopters against the places that have not adopted.

One practice x month panel (:func:`panel.build`) serves both, so the lake is read once: the
place series sum the panel's practices by place, and the evaluation is the panel's
difference-in-differences (:func:`panel.evaluate_area`, as :func:`panel.evaluate_practices`
runs it) with the practices the adoptions cover treated from the first adoption (a
neighbourhood's adoption covers its own practices, not its whole place's), the practices whose
adoption stopped left out, and every other practice the comparison.

SECONDARY USE: opt-outs removed by the panel, counts suppressed before they leave. A rate on a
suppressed count is suppressed, and a control chart cannot be drawn with holes in it, so a
place's series is published by month when every month's count is publishable, else by quarter
when every quarter's is, else not at all (``period`` None: too few events to chart safely).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from datetime import date

import pandas as pd

from engineroom.population.evaluation import panel
from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress

OUTCOME = "emergency_admissions"
PERIODS = (("month", "MS"), ("quarter", "QS"))


def outcomes(
    var,
    *,
    practice_place: Mapping[str, str],
    starts: Mapping[str, date],
    treated: Collection[str],
    left_out: Collection[str] = (),
    population: str = "everyone",
) -> dict:
    """Per adopting place (``starts``: place code -> the date it started), its published series;
    and the evaluation of the ``treated`` practices against the practices of ``practice_place``
    neither treated nor ``left_out``."""
    if not starts:
        raise ValueError("no place has started the model yet")
    from engineroom.population.phm.lakeviews import connect, data_end

    start = min(starts.values())
    first = (pd.Timestamp(start) - pd.DateOffset(months=panel.PRE_MONTHS)).date()
    lake = connect(var)
    try:
        last = data_end(lake)
        frame = panel.build(lake, start=start, first=first, last=last, population=population)
    finally:
        lake.close()
    frame = frame.assign(place=frame["unit"].map(dict(practice_place))).dropna(subset=["place"])
    return {
        "population": population,
        "outcome": OUTCOME,
        "first": first.isoformat(),
        "data_end": last.isoformat(),
        "places": {p: place_series(frame, p, s) for p, s in sorted(starts.items())},
        "evaluation": evaluation(frame, start, treated=treated, left_out=left_out),
    }


def place_series(frame: pd.DataFrame, place: str, start: date) -> dict:
    """One place's published series: by month, by quarter, or none (see the module doc)."""
    mine = frame[frame["place"] == place]
    found = {"start": start.isoformat(), "period": None, "points": []}
    if mine.empty:
        return found | {"note": "no practices of this place in the linked data"}
    for name, freq in PERIODS:
        points = _published(mine, freq)
        if all(p["rate"] not in (SUPPRESSED, None) for p in points):
            return found | {"period": name, "points": points}
    return found | {"note": "too few events to chart without disclosing small numbers"}


def _published(frame: pd.DataFrame, freq: str) -> list[dict]:
    """Events and people summed over the place's practices per period (people: the average of
    the months alive, so a quarter's rate is per 1,000 people in that quarter)."""
    monthly = frame.groupby("month", as_index=False)[[OUTCOME, "people"]].sum()
    key = pd.to_datetime(monthly["month"]).dt.to_period("Q" if freq == "QS" else "M")
    grouped = monthly.groupby(key).agg(events=(OUTCOME, "sum"), people=("people", "mean"))
    return [
        {
            "period": period.start_time.date().isoformat(),
            "events": suppress(int(row.events)),
            "people": suppress(round(row.people)),
            "rate": rate(int(row.events), round(row.people), 1000, 2),
        }
        for period, row in grouped.iterrows()
    ]


def evaluation(
    frame: pd.DataFrame,
    start: date,
    *,
    treated: Collection[str],
    left_out: Collection[str] = (),
) -> dict:
    """Difference-in-differences of the ``treated`` practices against the rest but those
    ``left_out``, from the first start; a panel the method cannot use says why instead of
    failing the whole run. ``practices`` counts the arms either way."""
    compared = frame[~frame["unit"].isin(set(left_out) - set(treated))]
    adopting = sorted(set(compared["unit"]) & set(treated))
    practices = {
        "adopting": len(adopting),
        "units": int(compared["unit"].nunique()),
        "left_out": int(frame["unit"].nunique() - compared["unit"].nunique()),
    }
    try:
        found = panel.evaluate_area(compared, treated=adopting, start=start, outcome=OUTCOME)
    except (ValueError, ArithmeticError, KeyError) as error:
        return {"ran": False, "why": str(error), "practices": practices}
    words = panel.rate_ratio_words(found, panel.OUTCOMES[OUTCOME])
    places = compared.loc[compared["unit"].isin(adopting), "place"].unique()
    found = _plain(json.loads(json.dumps(found, default=float)))  # JSON: no numpy, no NaN
    return {
        "ran": True,
        "start": start.isoformat(),
        "adopting_places": sorted(map(str, places)),
        "practices": practices,
        "key_point": words,
        "did": found["did"],
        "series": found["series"],
    }


def _plain(value):
    """``value`` with every non-finite number (no estimate) as None, which JSON can hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
