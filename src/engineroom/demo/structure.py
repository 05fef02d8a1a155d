"""A fictional demo region: systems, places, neighbourhoods, organisations, partnerships, leaders.

Deterministic from a seed. Written as the same CSV extract a real region would load
(``engineroom.feeds.loader``), so the demo exercises the real loading path. Every name is
invented and labelled "(fictional)" where a person could mistake it for a real body.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST = [
    "Aisha",
    "Ben",
    "Catrin",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Hamza",
    "Imogen",
    "Jack",
    "Kiran",
    "Lena",
    "Marcus",
    "Nia",
    "Owen",
    "Priya",
    "Rhys",
    "Sadia",
    "Tom",
    "Uma",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zara",
]
LAST = [
    "Ashworth",
    "Bennett",
    "Chaudhry",
    "Doyle",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Morgan",
    "Nolan",
    "Okafor",
    "Patel",
    "Quinn",
    "Reid",
    "Shah",
    "Turner",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
]
TOWNS = [
    "Ashby",
    "Brindle",
    "Carrow",
    "Dunmere",
    "Elston",
    "Fenwick",
    "Garth",
    "Holme",
    "Ivybridge",
    "Kelsey",
    "Langford",
    "Marsh",
    "Northam",
    "Oakley",
    "Penrith",
    "Quarry",
    "Redmoor",
    "Stowe",
    "Thorne",
    "Upwell",
    "Wexcombe",
    "Yarrow",
]

# (code, name, place populations): the main system ~1.2 M people in five places.
SYSTEMS = [
    ("vale-downs", "Vale and Downs ICS", [322_000, 281_000, 246_000, 199_000, 158_000]),
    ("coast-forest", "Coast and Forest ICS", [301_000, 236_000, 187_000]),
    ("northern-moors", "Northern Moors ICS", [418_000, 131_000]),
]
NEIGHBOURHOOD_TARGET = 40_000
PRACTICES_PER_PCN = 4


@dataclass
class Extract:
    """Rows for each CSV file of the extract."""

    rows: dict[str, list[dict]] = field(
        default_factory=lambda: {
            "areas.csv": [],
            "organisations.csv": [],
            "footprints.csv": [],
            "partnerships.csv": [],
            "partnership_members.csv": [],
            "people.csv": [],
            "roles.csv": [],
        }
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
        self.towns = iter(self.rng.sample(TOWNS, len(TOWNS)))
        self.counters: dict[str, int] = {}
        self.people = 0

    def next_code(self, prefix: str, width: int) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def since(self, years_ago: float) -> str:
        return (self.today - dt.timedelta(days=int(365 * years_ago))).isoformat()

    def org(
        self,
        code: str,
        name: str,
        kind: str,
        *,
        statutory: bool = False,
        ft: bool = False,
        parent: str = "",
        areas: tuple[str, ...] = (),
        coverage: str = "whole",
    ) -> str:
        cqc = self.rng.choice(["good", "good", "outstanding", "requires_improvement"])
        self.x.add(
            "organisations.csv",
            ods_code=code,
            name=name,
            kind=kind,
            statutory="yes" if statutory else "no",
            foundation_trust="yes" if ft else "no",
            cqc_rating=cqc if kind not in {"pcn", "icb", "vcse", "healthwatch"} else "",
            parent_ods_code=parent,
        )
        for area in areas:
            self.x.add(
                "footprints.csv",
                ods_code=code,
                area_code=area,
                start_date="2019-04-01",
                end_date="",
                coverage=coverage,
            )
        return code

    def person(self) -> str:
        self.people += 1
        ref = f"p{self.people:04d}"
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        email = f"{name.lower().replace(' ', '.')}.{ref}@demo.engineroom.invalid"
        self.x.add("people.csv", ref=ref, name=name, email=email)
        return ref

    def role(
        self,
        role: str,
        *,
        person: str = "",
        status: str = "substantive",
        start: str,
        end: str = "",
        area: str = "",
        partnership: str = "",
        ods: str = "",
    ) -> None:
        self.x.add(
            "roles.csv",
            role=role,
            person_ref=person,
            status=status,
            start_date=start,
            end_date=end,
            area_code=area,
            partnership_code=partnership,
            ods_code=ods,
        )


def build_region(seed: int = 20181, today: dt.date | None = None) -> Extract:
    """The whole demo region as an extract."""
    b = _Builder(seed, today or dt.date.today())
    b.x.add(
        "areas.csv",
        code="demo-region",
        name="Demo region (fictional)",
        level="region",
        parent_code="",
        population=0,
    )
    for index, (code, name, places) in enumerate(SYSTEMS):
        _system(b, index, code, name, places)
    _cross_system(b)
    return b.x


def _system(b: _Builder, index: int, code: str, name: str, place_pops: list[int]) -> None:
    b.x.add(
        "areas.csv",
        code=code,
        name=f"{name} (fictional)",
        level="system",
        parent_code="demo-region",
        population=sum(place_pops),
    )
    icb = b.org(
        f"QZ{index + 1}",
        f"NHS {name.removesuffix(' ICS')} Integrated Care Board",
        "icb",
        statutory=True,
        areas=(code,),
    )
    places = []
    for p, pop in enumerate(place_pops):
        town = next(b.towns)
        place = f"{code}-{town.lower()}"
        places.append(place)
        b.x.add("areas.csv", code=place, name=town, level="place", parent_code=code, population=pop)
        _neighbourhoods(b, place, town, pop)
        _place_partnership(b, code, place, town, p, icb)
    _trusts(b, index, code, name, places)
    _system_leaders(b, index, code, icb)


def _neighbourhoods(b: _Builder, place: str, town: str, population: int) -> None:
    count = max(1, round(population / NEIGHBOURHOOD_TARGET))
    sizes = _split(b.rng, population, count)
    for n, size in enumerate(sizes, start=1):
        hood = f"{place}-n{n}"
        label = f"{town} {['North', 'South', 'East', 'West', 'Central', 'Rural', 'Riverside', 'Park', 'Hill', 'Vale'][n - 1]}"
        b.x.add(
            "areas.csv",
            code=hood,
            name=label,
            level="neighbourhood",
            parent_code=place,
            population=size,
        )
        pcn = b.org(b.next_code("U", 5), f"{label} PCN", "pcn", areas=(hood,))
        b.role("pcn_clinical_director", person=b.person(), start=b.since(3), ods=pcn)
        for k in range(PRACTICES_PER_PCN):
            letter = "ZYXW"[k]
            b.org(
                b.next_code(letter, 5),
                f"{label} {['Surgery', 'Medical Centre', 'Health Centre', 'Practice'][k]}",
                "gp_practice",
                parent=pcn,
                areas=(hood,),
            )


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    weights = [rng.uniform(0.85, 1.15) for _ in range(parts)]
    sizes = [int(total * w / sum(weights)) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def _place_partnership(b: _Builder, system: str, place: str, town: str, p: int, icb: str) -> None:
    code = f"icp-{place}"
    b.x.add(
        "partnerships.csv",
        code=code,
        name=f"{town} Integrated Care Partnership",
        kind="icp",
        level="place",
        area_code=place,
        established=b.since(1 + p * 0.3),
    )
    b.x.add(
        "partnership_members.csv",
        partnership_code=code,
        ods_code=icb,
        start_date=b.since(1 + p * 0.3),
        end_date="",
    )
    b.role("place_lead", person=b.person(), start=b.since(2), area=place)
    b.role("icp_chair", person=b.person(), start=b.since(1), partnership=code)


def _trusts(b: _Builder, index: int, system: str, name: str, places: list[str]) -> None:
    short = name.removesuffix(" ICS")
    base = f"R{'ZYX'[index]}"
    # One acute trust serves the first two places (S1); one more serves the rest.
    a1 = b.org(
        f"{base}1",
        f"{short} University Hospitals NHS Foundation Trust",
        "acute",
        statutory=True,
        ft=True,
        areas=tuple(places[:2]),
    )
    b.role("chief_executive", person=b.person(), start=b.since(4), ods=a1)
    if len(places) > 2:
        a2 = b.org(
            f"{base}2",
            f"{short} General Hospital NHS Trust",
            "acute",
            statutory=True,
            areas=tuple(places[2:]),
        )
        b.role("chief_executive", person=b.person(), start=b.since(2), ods=a2)
    # A community trust serving only part of one place (S1).
    b.org(
        f"{base}3",
        f"{short} Community Health NHS Trust",
        "community",
        statutory=True,
        areas=(places[-1],),
        coverage="part",
    )
    b.org(
        f"{base}4",
        f"{short} Partnership NHS Foundation Trust",
        "mental_health",
        statutory=True,
        ft=True,
        areas=(system,),
    )
    b.org(f"V{index}A01", f"{short} Council for Voluntary Service", "vcse", areas=(system,))
    b.org(f"H{index}A01", f"Healthwatch {short}", "healthwatch", areas=(system,))
    b.org(f"I{index}A01", f"{short} Treatment Centre Ltd", "independent", areas=(places[0],))
    for p, place in enumerate(places[:-1]):
        b.org(
            f"L{index}U{p + 1:02d}",
            f"{place.split('-')[-1].title()} Unitary Council",
            "la_unitary",
            statutory=True,
            areas=(place,),
        )


def _cross_system(b: _Builder) -> None:
    """Bodies that cross system boundaries: a county council and the ambulance service (S1)."""
    last_places = [f"{code}-" for code, _, _ in SYSTEMS]
    areas = [r["code"] for r in b.x.rows["areas.csv"] if r["level"] == "place"]
    county_places = tuple(
        next(a for a in reversed(areas) if a.startswith(s)) for s in last_places[:2]
    )
    b.org("LZC01", "Shire County Council", "la_county", statutory=True, areas=county_places)
    b.org(
        "RW9",
        "Demo Region Ambulance Service NHS Foundation Trust",
        "ambulance",
        statutory=True,
        ft=True,
        areas=tuple(code for code, _, _ in SYSTEMS),
    )
    b.org("Y99A01", "Demo Regional Team (fictional)", "regional", areas=())


def _system_leaders(b: _Builder, index: int, system: str, icb: str) -> None:
    """Chair and lead for each system, with the situations the register must show (S2)."""
    lead = b.person()
    if index == 0:
        # The ICS lead is also the commissioner's accountable officer: dual-hatted.
        b.role("ics_lead", person=lead, start=b.since(3), area=system)
        b.role("accountable_officer", person=lead, start=b.since(4), ods=icb)
        b.role("ics_chair", person=b.person(), start=b.since(2), area=system)
    elif index == 1:
        b.role("ics_lead", person=lead, start=b.since(2.5), area=system)
        previous = b.person()
        b.role("ics_chair", person=previous, start=b.since(3), end=b.since(0.2), area=system)
        b.role("ics_chair", status="recruiting", start=b.since(0.2), area=system)
    else:
        # A new lead three months ago: this system is not "stable" over six months.
        b.role("ics_lead", person=b.person(), start=b.since(3), end=b.since(0.26), area=system)
        b.role("ics_lead", person=lead, status="interim", start=b.since(0.25), area=system)
        b.role("ics_chair", person=b.person(), start=b.since(1.5), area=system)
    b.role("director_of_finance", person=b.person(), start=b.since(2), ods=icb)


def main_system_code() -> str:
    return SYSTEMS[0][0]
