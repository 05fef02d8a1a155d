"""The region-shape contract: systems, places, neighbourhoods and practices as plain data.

The engine (the generator, and the aggregates by area) never imports Django: callers pass a
:class:`RegionSpec` dict, e.g. built from the system model, or load one from JSON with
:func:`load_spec`. :func:`example_spec` is a small built-in region for tests and benchmarks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, NotRequired, TypedDict


class PracticeSpec(TypedDict):
    ods: str  # ODS code of the GP practice, e.g. "Y90001"
    name: str


class NeighbourhoodSpec(TypedDict):
    code: str
    name: str
    population: int  # registered population to generate (before scaling)
    practices: list[PracticeSpec]
    imd_decile: NotRequired[float]  # mean IMD decile (1 = most deprived); derived if absent


class PlaceSpec(TypedDict):
    code: str
    name: str
    council: str  # code of the council (local authority) for this place
    neighbourhoods: list[NeighbourhoodSpec]


class SystemSpec(TypedDict):
    code: str
    name: str
    places: list[PlaceSpec]


class TrustSpec(TypedDict):
    ods: str
    name: str
    kind: Literal["acute", "community", "mental_health"]
    places: list[str]  # place codes served (boundaries need not be coterminous)
    fhir: NotRequired[bool]  # sends FHIR R4 NDJSON instead of CSV (community trusts)


class CouncilSpec(TypedDict):
    code: str
    name: str


class RegionSpec(TypedDict):
    name: str
    systems: list[SystemSpec]
    trusts: list[TrustSpec]
    councils: list[CouncilSpec]
    as_of: NotRequired[str]  # ISO date the extracts are taken; history is the 3 years before


class SpecError(ValueError):
    """The structure dict is unusable; the message says which element and why."""


def load_spec(path: str | Path) -> RegionSpec:
    """Read a region structure from a JSON file and check it."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    validate_spec(spec)
    return spec


def validate_spec(spec: RegionSpec) -> None:
    """Fail early, naming the element, rather than part-way through generating a million people."""
    places = {p["code"] for s in spec.get("systems", []) for p in s["places"]}
    councils = {c["code"] for c in spec.get("councils", [])}
    if not places:
        raise SpecError("region has no places")
    for system in spec["systems"]:
        for place in system["places"]:
            if place["council"] not in councils:
                raise SpecError(f"place {place['code']}: unknown council {place['council']!r}")
            for hood in place["neighbourhoods"]:
                if not hood["practices"]:
                    raise SpecError(f"neighbourhood {hood['code']} has no practices")
                if hood["population"] < 0:
                    raise SpecError(f"neighbourhood {hood['code']} has a negative population")
    for trust in spec.get("trusts", []):
        unknown = set(trust["places"]) - places
        if unknown:
            raise SpecError(f"trust {trust['ods']}: unknown places {sorted(unknown)}")
    for place in places:
        if not any(t["kind"] == "acute" and place in t["places"] for t in spec.get("trusts", [])):
            raise SpecError(f"place {place} has no acute trust")


def _hood(code: str, name: str, pop: int, practices: list[str], imd: float) -> NeighbourhoodSpec:
    return {
        "code": code,
        "name": name,
        "population": pop,
        "practices": [
            {"ods": ods, "name": f"{name} practice {i + 1}"} for i, ods in enumerate(practices)
        ],
        "imd_decile": imd,
    }


def _place(code: str, name: str, council: str, hoods: list[NeighbourhoodSpec]) -> PlaceSpec:
    return {"code": code, "name": name, "council": council, "neighbourhoods": hoods}


def example_spec(population: int = 200_000) -> RegionSpec:
    """A small fictional region: one system, two places, four neighbourhoods, eight practices."""
    share = population // 4
    rest = population - 3 * share
    northtown = [
        _hood("NB1", "Northtown Central", share, ["Y90001", "Y90002"], 2.5),
        _hood("NB2", "Northtown Hills", share, ["Y90003", "Y90004"], 6.5),
    ]
    vale = [
        _hood("NB3", "Vale Riverside", share, ["Y90005", "Y90006"], 4.0),
        _hood("NB4", "Vale Villages", rest, ["Y90007", "Y90008"], 8.0),
    ]
    both = ("PL1", "PL2")
    return {
        "name": "Example Valley (fictional)",
        "as_of": "2025-03-31",
        "systems": [
            {
                "code": "QXX",
                "name": "Example Valley ICS",
                "places": [
                    _place("PL1", "Northtown", "E06999901", northtown),
                    _place("PL2", "Southport Vale", "E06999902", vale),
                ],
            }
        ],
        "trusts": [
            {"ods": "RX1", "name": "Northtown Hospitals", "kind": "acute", "places": list(both)},
            {"ods": "RX2", "name": "Vale General", "kind": "acute", "places": ["PL2"]},
            {
                "ods": "RX3",
                "name": "Valley Community Health",
                "kind": "community",
                "places": list(both),
                "fhir": True,
            },
            {"ods": "RX4", "name": "Valley Minds", "kind": "mental_health", "places": list(both)},
        ],
        "councils": [
            {"code": "E06999901", "name": "Northtown Council"},
            {"code": "E06999902", "name": "Southport Vale Council"},
        ],
    }
