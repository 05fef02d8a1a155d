"""A fictional demo region: systems, places, neighbourhoods, organisations, partnerships, leaders.

Deterministic from a seed, from ``data/region.yaml`` and ``data/names.yaml``. Written as the same
CSV extract a real region would load (``engineroom.feeds.loader``), so the demo exercises the real
loading path. Every name is invented and labelled "(fictional)" where a person could mistake it
for a real body.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from engineroom.demo import files

EXTRACT_FILES = (
    "areas.csv",
    "organisations.csv",
    "footprints.csv",
    "partnerships.csv",
    "partnership_members.csv",
    "people.csv",
    "roles.csv",
)


def region() -> dict:
    return files.load("region.yaml")


def main_system_code() -> str:
    return region()["systems"][0]["code"]


@dataclass
class Extract:
    """Rows for each CSV file of the extract."""

    rows: dict[str, list[dict]] = field(
        default_factory=lambda: {name: [] for name in EXTRACT_FILES}
    )

    def add(self, file: str, **row) -> None:
        self.rows[file].append(row)

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in self.rows.items():
            columns = list(dict.fromkeys(k for r in rows for k in r))
            with open(directory / name, "w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        return directory


class _Builder:
    def __init__(self, seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today
        self.x = Extract()
        towns = files.load("names.yaml")["towns"]
        self.towns = iter(self.rng.sample(towns, len(towns)))
        self.counters: dict[str, int] = {}
        self.people = 0
        self.places: dict[str, list[str]] = {}  # system code -> its place codes, in order

    def next_code(self, prefix: str, width: int) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def since(self, years_ago: float) -> str:
        return (self.today - dt.timedelta(days=int(365 * years_ago))).isoformat()

    def org(self, spec: dict, areas: tuple[str, ...] = (), **names) -> str:
        """One organisation from a ``region.yaml`` template, with a footprint in each area."""
        cqc = self.rng.choice(region()["cqc_ratings"])
        code, kind = spec["code"].format(**names), spec["kind"]
        self.x.add(
            "organisations.csv",
            ods_code=code,
            name=spec["name"].format(**names),
            kind=kind,
            statutory="yes" if spec.get("statutory") else "no",
            foundation_trust="yes" if spec.get("foundation_trust") else "no",
            cqc_rating=cqc if kind not in region()["unrated"] else "",
            parent_ods_code=spec.get("parent", ""),
        )
        for area in areas:
            self.x.add(
                "footprints.csv",
                ods_code=code,
                area_code=area,
                start_date=region()["footprints_from"],
                end_date="",
                coverage=spec.get("coverage", "whole"),
            )
        return code

    def person(self) -> str:
        self.people += 1
        ref = f"p{self.people:04d}"
        name = files.full_name(self.rng)
        email = f"{name.lower().replace(' ', '.')}.{ref}@demo.engineroom.invalid"
        self.x.add("people.csv", ref=ref, name=name, email=email)
        return ref

    def role(self, role: str, *, start: float, person="", status="substantive", end=None, **at):
        self.x.add(
            "roles.csv",
            role=role,
            person_ref=person,
            status=status,
            start_date=self.since(start),
            end_date=self.since(end) if end is not None else "",
            area_code=at.get("area", ""),
            partnership_code=at.get("partnership", ""),
            ods_code=at.get("ods", ""),
        )


def build_region(seed: int = 20181, today: dt.date | None = None) -> Extract:
    """The whole demo region as an extract."""
    b = _Builder(seed, today or dt.date.today())
    top = region()["region"]
    b.x.add("areas.csv", **top, level="region", parent_code="", population=0)
    for index, system in enumerate(region()["systems"]):
        _system(b, index, system)
    for spec in region()["cross_system"]:
        b.org(spec, _areas(b, spec))
    return b.x


def _system(b: _Builder, index: int, system: dict) -> None:
    code, name, populations = system["code"], system["name"], system["places"]
    b.x.add(
        "areas.csv",
        code=code,
        name=f"{name} (fictional)",
        level="system",
        parent_code=region()["region"]["code"],
        population=sum(populations),
    )
    names = {
        "number": index + 1,
        "index": index,
        "trust": f"R{'ZYX'[index]}",
        "short": name.removesuffix(" ICS"),
    }
    icb = b.org(region()["commissioner"], (code,), **names)
    _places(b, code, populations, icb)
    _organisations(b, code, names)
    _leaders(b, system, icb)


def _places(b: _Builder, code: str, populations: list[int], icb: str) -> None:
    """Each place: a town drawn at random, its neighbourhoods and its partnership."""
    places = b.places.setdefault(code, [])
    for p, population in enumerate(populations):
        town = next(b.towns)
        place = f"{code}-{town.lower()}"
        places.append(place)
        b.x.add(
            "areas.csv",
            code=place,
            name=town,
            level="place",
            parent_code=code,
            population=population,
        )
        _neighbourhoods(b, place, town, population)
        _place_partnership(b, place, town, p, icb)


def _neighbourhoods(b: _Builder, place: str, town: str, population: int) -> None:
    count = max(1, round(population / region()["neighbourhood_population"]))
    sizes = _split(b.rng, population, count)
    for n, size in enumerate(sizes, start=1):
        hood = f"{place}-n{n}"
        label = f"{town} {region()['neighbourhoods'][n - 1]}"
        b.x.add(
            "areas.csv",
            code=hood,
            name=label,
            level="neighbourhood",
            parent_code=place,
            population=size,
        )
        spec = {"code": b.next_code("U", 5), "name": region()["pcn"], "kind": "pcn"}
        pcn = b.org(spec, (hood,), neighbourhood=label)
        since = region()["pcn_clinical_director_since"]
        b.role("pcn_clinical_director", person=b.person(), start=since, ods=pcn)
        for practice in region()["practices"]:
            code = b.next_code(practice["letter"], 5)
            spec = {"code": code, "name": f"{label} {practice['name']}", "kind": "gp_practice"}
            b.org(spec | {"parent": pcn}, (hood,))


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    weights = [rng.uniform(0.85, 1.15) for _ in range(parts)]
    sizes = [int(total * w / sum(weights)) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def _place_partnership(b: _Builder, place: str, town: str, p: int, icb: str) -> None:
    spec = region()["place_partnership"]
    code, since = f"icp-{place}", b.since(spec["since"] + p * spec["since_step"])
    b.x.add(
        "partnerships.csv",
        code=code,
        name=spec["name"].format(town=town),
        kind="icp",
        level="place",
        area_code=place,
        established=since,
    )
    b.x.add(
        "partnership_members.csv",
        partnership_code=code,
        ods_code=icb,
        start_date=since,
        end_date="",
    )
    for role in spec["roles"]:
        at = {"area": place} if role["of"] == "place" else {"partnership": code}
        b.role(role["role"], person=b.person(), start=role["since"], **at)


def _organisations(b: _Builder, system: str, names: dict) -> None:
    """The system's trusts and partners (S1), each trust's chief executive after it."""
    for spec in region()["organisations"]:
        areas = _areas(b, spec, system)
        if not areas:
            continue  # a second acute trust only where there are places for it
        code = b.org(spec, areas, **names)
        if "chief_executive_since" in spec:
            b.role(
                "chief_executive", person=b.person(), start=spec["chief_executive_since"], ods=code
            )
    places = b.places[system]
    for p, place in enumerate(places[:-1], start=1):
        town = place.split("-")[-1].title()
        b.org(region()["place_council"], (place,), **names, place=p, town=town)


def _areas(b: _Builder, spec: dict, system: str = "") -> tuple[str, ...]:
    """Where an organisation serves, from its ``areas``/``places``/``last_places`` entry."""
    if "places" in spec:
        return tuple(b.places[system][_slice(spec["places"])])
    if "last_places" in spec:
        systems = list(b.places.values())[_slice(spec["last_places"])]
        return tuple(places[-1] for places in systems)
    return {"system": (system,), "systems": tuple(b.places), "none": ()}[spec["areas"]]


def _slice(text: str) -> slice:
    start, stop = (int(part) if part else None for part in text.split(":"))
    return slice(start, stop)


def _leaders(b: _Builder, system: dict, icb: str) -> None:
    """Chair, lead and finance director, with the situations the register must show (S2)."""
    people = {label: b.person() for label in system["people"]}
    for role in system["roles"]:
        at = {"area": system["code"]} if role.get("area") else {"ods": icb}
        b.role(
            role["role"],
            person=people.get(role.get("person"), ""),
            status=role.get("status", "substantive"),
            start=role["since"],
            end=role.get("until"),
            **at,
        )
