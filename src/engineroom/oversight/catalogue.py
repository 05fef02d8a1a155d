"""The catalogue of measures and national standards (``data/catalogue.yaml``), versioned by
financial year: what a measure is, which way is better, its target and interim standard in a
given year, and whether that year's oversight framework scores it.

A data file rather than tables: standards are national and change once a year with the planning
guidance, and a file in the repository carries its sources and its history in version control.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from engineroom.web import periods

CATALOGUE = Path(__file__).with_name("data") / "catalogue.yaml"
LAKE = "lake"  # the source of measures computed from the linked lake
FINANCE = "finance"  # computed from the partners' monthly finance returns (the open book)
COMPUTED = {
    LAKE: "Computed from the linked lake",
    FINANCE: "The system's monthly finance returns in Engine Room",
}


@dataclass(frozen=True)
class Standard:
    year: int  # the first financial year it applies to
    target: float | None
    interim: float | None
    scored: bool


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    domain: str
    unit: str  # percent | minutes | count | pounds
    improvement: str  # increase | decrease | neutral
    source: str
    standards: tuple[Standard, ...]  # by year, earliest first
    cumulative: bool = False  # a running total: a line against its standard, never an XmR chart
    recalculate_each_year: bool = False  # limits start again each April (a new annual plan)

    @property
    def can_show_concern(self) -> bool:
        """Whether its chart can ever show special cause concern (a direction, and a chart)."""
        return self.improvement != "neutral" and not self.cumulative

    @property
    def from_lake(self) -> bool:
        return self.source == LAKE

    @property
    def computed(self) -> bool:
        """Computed in Engine Room, so never taken from a statistics file."""
        return self.source in COMPUTED

    @property
    def source_text(self) -> str:
        return COMPUTED.get(self.source, self.source)

    def standard(self, year: int) -> Standard | None:
        """The standard in force in financial year ``year``: the latest that starts by then."""
        found = [s for s in self.standards if s.year <= year]
        return found[-1] if found else None

    def standard_on(self, month: dt.date) -> Standard | None:
        return self.standard(periods.year_of(month))


@dataclass(frozen=True)
class Framework:
    year: int
    name: str
    segments: dict[int, str]

    @property
    def worst(self) -> int:
        return max(self.segments)


def _measure(row: dict) -> Measure:
    standards = tuple(
        Standard(int(year), s.get("target"), s.get("interim"), bool(s["scored"]))
        for year, s in sorted(row["standards"].items())
    )
    fields = {k: row[k] for k in ("code", "name", "domain", "unit", "improvement", "source")}
    flags = {f: bool(row.get(f)) for f in ("cumulative", "recalculate_each_year")}
    return Measure(**fields, standards=standards, **flags)


@cache
def _file() -> dict:
    with open(CATALOGUE, encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def measures() -> dict[str, Measure]:
    """Every measure by code, in catalogue order."""
    return {row["code"]: _measure(row) for row in _file()["measures"]}


def measure(code: str) -> Measure:
    return measures()[code]


@cache
def frameworks() -> tuple[Framework, ...]:
    rows = sorted(_file()["frameworks"].items())
    return tuple(Framework(int(y), f["name"], dict(f["segments"])) for y, f in rows)


def framework(year: int) -> Framework:
    """The NHS Oversight Framework version in force in financial year ``year``."""
    return [f for f in frameworks() if f.year <= year][-1]


def meets(measure: Measure, value: float, target: float | None) -> bool | None:
    """Whether ``value`` meets ``target`` given the direction of improvement; None without one."""
    if target is None or measure.improvement == "neutral":
        return None
    return value >= target if measure.improvement == "increase" else value <= target
