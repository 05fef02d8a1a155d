"""Demo oversight data (S23): five years of monthly statistics for every system of the demo
region, imported through the real statistics import, and the region's written triggers.

Every catalogue measure the published statistics carry (not those computed from the lake) gets a
series at the level of English systems (``data/oversight.yaml`` names the public source of each
level), told as a story so the oversight pages have something to say: the main system mostly
improving; Coast and Forest's urgent care deteriorating, its A&E 4-hour performance falling below
the 78% interim standard in the last months, far enough to be special cause concern (the
region's first trigger fires on it); Northern Moors erratic. The file is deterministic from the
seed and the current month, and ends with the last complete month before today.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from engineroom.demo import files
from engineroom.demo.structure import main_system_code
from engineroom.oversight import actions
from engineroom.oversight.catalogue import Measure, measures
from engineroom.oversight.imports import COLUMNS
from engineroom.oversight.models import StatisticsImport, Trigger
from engineroom.system.models import Region, System
from engineroom.web import periods

FILE_NAME = "demo-oversight-statistics.csv"
WINTER = {11: 0.3, 12: 1.0, 1: 1.0, 2: 0.6, 3: 0.3}  # share of a measure's winter pull
PER = 100_000
BOUNDS = {"percent": (0.5, 99.5), "minutes": (1.0, None), "count": (0.0, None)}


def _data() -> dict:
    return files.load("oversight.yaml")


def generate(*, seed: int) -> dict[str, int]:
    """Idempotent: the statistics file is imported once; triggers already written are kept."""
    region = Region.objects.get(pk=System.objects.get(code=main_system_code()).region_id)
    systems = list(System.objects.filter(region=region).order_by("code"))
    counts = {"oversight observations": 0}
    if not StatisticsImport.objects.filter(file_name=FILE_NAME).exists():
        text = statistics_csv(
            [(s.code, s.population) for s in systems], seed=seed, today=dt.date.today()
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / FILE_NAME
            path.write_text(text, encoding="utf-8")
            done = actions.import_statistics(path, file_name=FILE_NAME, systems=systems, by=None)
        counts["oversight observations"] = done.accepted
    counts["oversight triggers"] = write_triggers(region)
    counts["oversight finance months"] = sum(
        actions.record_finance_positions(s, by=None) for s in systems
    )
    return counts


def write_triggers(region: Region) -> int:
    """The region's default triggers (``oversight.yaml``), each unless the region already has
    one with the same measure and consequence. Returns how many were written."""
    made = 0
    for spec in _data()["triggers"]:
        kept = Trigger.objects.filter(
            region=region, measure=spec["measure"], consequence=spec["consequence"]
        )
        if not kept.exists():
            actions.save_trigger(region=region, by=None, **spec)
            made += 1
    return made


def statistics_measures() -> list[Measure]:
    """The catalogue's measures that come in the statistics file (not computed in Engine Room:
    the lake's activity, and the finance position from the demo's own monthly returns)."""
    return [m for m in measures().values() if not m.computed]


def months_to(today: dt.date) -> list[dt.date]:
    """The file's months: the last complete month before ``today`` and those before it."""
    last = periods.add_months(periods.first_of_month(today), -1)
    count = _data()["months"]
    return [periods.add_months(last, i - count + 1) for i in range(count)]


def statistics_csv(systems: Sequence[tuple[str, int]], *, seed: int, today: dt.date) -> str:
    """The monthly statistics file (``docs/oversight.md``) for ``systems`` ((code, population)):
    every statistics measure, every month of :func:`months_to`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    months = months_to(today)
    for code, population in systems:
        told = stories(code, seed)
        for measure in statistics_measures():
            story, level = told[measure.code]
            rng = random.Random(f"{seed}:{months[-1]:%Y-%m}:{code}:{measure.code}")
            for month, top, bottom, value in series(measure, story, level, population, months, rng):
                writer.writerow([code, measure.code, f"{month:%Y-%m}", top, bottom, value])
    return out.getvalue()


def stories(code: str, seed: int) -> dict[str, tuple[str, list[float]]]:
    """Each measure's story and level range for one system: drawn from the system's weights
    unless fixed for it (a draw is made for every measure either way, so fixing one measure's
    story leaves the others' draws alone)."""
    plan = _data()["systems"].get(code, _data()["default"])
    names, weights = zip(*plan["weights"].items(), strict=True)
    rng = random.Random(f"{seed}:{code}:stories")
    told = {}
    for measure in statistics_measures():
        drawn = rng.choices(names, weights)[0]
        fixed = plan.get("fixed", {}).get(measure.code) or {"story": drawn}
        fixed = {"story": fixed} if isinstance(fixed, str) else fixed
        level = fixed.get("level", _data()["measures"][measure.code]["level"])
        told[measure.code] = (fixed["story"], level)
    return told


def series(
    measure: Measure,
    story: str,
    level: Sequence[float],
    population: int,
    months: list[dt.date],
    rng: random.Random,
) -> list[tuple]:
    """(month, numerator, denominator, value) for every month, as the file writes them."""
    params = _data()["measures"][measure.code]
    better = -1 if measure.improvement == "decrease" else 1
    base = rng.uniform(*level)
    path = _path(_data()["stories"][story], params, len(months), rng)
    scale = population / PER if params.get("per_100k") else 1
    values = [
        scale * (base + better * (step - params.get("winter", 0) * WINTER.get(month.month, 0)))
        for month, step in zip(months, path, strict=True)
    ]
    rows = [_figures(measure, params, v, population, rng) for v in values]
    return [(month, *row) for month, row in zip(months, rows, strict=True)]


def _path(story: dict, params: dict, n: int, rng: random.Random) -> list[float]:
    """The story's movement in the better direction (+ is better), month by month, with noise."""
    noise, drift = params["noise"], params["drift"]
    steady = [story.get("drift", 0) * drift * (i / (n - 1) - 0.5) for i in range(n)]
    if "step" in story:
        at, sign = rng.randint(20, min(50, n - 5)), rng.choice((-1, 1))
        steady = [sign * story["step"] * drift * (i >= at) for i in range(n)]
    if "fall" in story:
        steady = [-story["fall"] * noise * (i >= n - story["months"]) for i in range(n)]
    moved = []
    for step in steady:
        jitter = rng.gauss(0, noise * story.get("noise", 1))
        if rng.random() < story.get("outlier", 0):
            jitter += rng.choice((-1, 1)) * story["outlier_size"] * noise
        moved.append(step + jitter)
    return moved


def _figures(
    measure: Measure, params: dict, value: float, population: int, rng: random.Random
) -> tuple:
    """(numerator, denominator, value) as written: a percentage from whole counts where the
    statistics publish them (so the three agree), else the figure alone."""
    low, high = BOUNDS.get(measure.unit, (None, None))
    value = max(value, low) if low is not None else value
    value = min(value, high) if high is not None else value
    digits = params["digits"]
    if params.get("denominator"):
        bottom = round(params["denominator"] * population / PER * rng.uniform(0.97, 1.03))
        top = round(bottom * value / 100)
        return top, bottom, f"{100 * top / bottom:.{digits}f}"
    return "", "", f"{value:.{digits}f}" if digits else str(round(value))
