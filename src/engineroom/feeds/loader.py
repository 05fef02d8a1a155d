"""Load a region's shape from CSV files (an ODS-like extract), all or nothing.

Every bad row is reported with file, row, field and reason; if any row is bad nothing is loaded.
Loading the same files twice leaves the database as it was after the first load.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from engineroom.feeds.csvcheck import (
    AREA_PARENT,
    FILES,
    REQUIRED_FILES,
    Checker,
    LoadError,
    Problem,
    Row,
    ods_problem,
    read_csv,
)
from engineroom.system.models import (
    AssignmentStatus,
    Coverage,
    CQCRating,
    Footprint,
    Level,
    Neighbourhood,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Person,
    Place,
    Region,
    RoleAssignment,
    RoleKind,
    System,
)

AREA_MODELS = {"region": Region, "system": System, "place": Place, "neighbourhood": Neighbourhood}
Rows = list[tuple[int, Row]]


def read_directory(path: Path) -> dict[str, bytes]:
    """Every CSV file in ``path`` by name, as ``load_files`` and ``actions.load_organisations``
    take them."""
    return {p.name: p.read_bytes() for p in sorted(Path(path).glob("*.csv"))}


def load_files(files: dict[str, bytes], *, within: System | None = None) -> dict[str, int]:
    """Check every file, then load all of them in one transaction; returns rows per file.

    ``within`` limits a load to one system's areas (a system's data manager cannot change
    another system's shape); organisations are shared reference data and may be updated.
    Nothing is written unless every row of every file is valid (``LoadError`` names them all).
    """
    problems: list[Problem] = []
    for name in REQUIRED_FILES:
        if name not in files:
            problems.append(Problem(name, 0, "(file)", "file is missing"))
    for name in files:
        if name not in FILES:
            problems.append(
                Problem(name, 0, "(file)", f"unexpected file (expected one of {', '.join(FILES)})")
            )
    parsed = {n: read_csv(n, data, problems) for n, data in files.items() if n in FILES}
    plan = _Plan(parsed, problems, within)
    plan.check()
    if problems:
        raise LoadError(problems)
    with transaction.atomic():
        plan.apply()
    return {name: len(rows) for name, rows in parsed.items()}


class _Plan:
    """Cross-checks rows against each other and the database, then writes them."""

    def __init__(self, parsed: dict[str, Rows], problems: list[Problem], within: System | None):
        self.rows = {name: parsed.get(name, []) for name in FILES}
        self.problems = problems
        self.within = within
        self.area_levels = _existing_area_levels()
        self.area_parents = _existing_area_parents()
        self.org_parents: dict[str, str] = dict(
            Organisation.objects.exclude(parent=None).values_list("ods_code", "parent__ods_code")
        )
        self.org_codes = set(Organisation.objects.values_list("ods_code", flat=True))
        self.partnership_codes = set(Partnership.objects.values_list("code", flat=True))
        self.person_refs = set(Person.objects.values_list("ref", flat=True))

    def check(self) -> None:
        self._check_areas()
        self._check_organisations()
        self._check_footprints()
        self._check_partnerships()
        self._check_members()
        self._check_people()
        self._check_roles()

    # -- checks ----------------------------------------------------------------------------------
    def _check_areas(self) -> None:
        c, seen = Checker("areas.csv", self.problems), {}
        file_levels = {d["code"]: d["level"] for _, d in self.rows["areas.csv"]}
        levels = {**self.area_levels, **file_levels}
        for row, d in self.rows["areas.csv"]:
            code, level = c.required(row, d, "code"), d["level"]
            if code:
                c.unique(seen, row, "code", code)
            if level not in AREA_PARENT:
                c.fail(row, "level", f"{level!r} is not one of {', '.join(AREA_PARENT)}")
                continue
            if not d["population"].isdigit():
                c.fail(row, "population", f"{d['population']!r} is not a whole number")
            want, parent = AREA_PARENT[level], d["parent_code"]
            if want is None and parent:
                c.fail(row, "parent_code", "a region has no parent")
            elif want and parent not in levels:
                c.fail(row, "parent_code", f"unknown parent {parent!r}")
            elif want and levels[parent] != want:
                c.fail(
                    row,
                    "parent_code",
                    f"{parent!r} is a {levels[parent]}; the parent of a {level} must be a {want}",
                )
        self.area_levels = levels
        self.area_parents.update({d["code"]: d["parent_code"] for _, d in self.rows["areas.csv"]})
        if self.within:
            for row, d in self.rows["areas.csv"]:
                if d["code"] in levels and not self._inside(d["code"]):
                    c.fail(row, "code", f"{d['code']!r} is outside {self.within.name}")

    def _inside(self, code: str) -> bool:
        """Whether an area is the system being loaded into, or one of its places or neighbourhoods."""
        seen = set()
        while code and code not in seen:
            if code == self.within.code:
                return True
            seen.add(code)
            code = self.area_parents.get(code, "")
        return False

    def _check_organisations(self) -> None:
        c, seen = Checker("organisations.csv", self.problems), {}
        rows = self.rows["organisations.csv"]
        self.org_codes |= {d["ods_code"] for _, d in rows}
        for row, d in rows:
            code = c.required(row, d, "ods_code")
            kind = c.choice(row, d, "kind", OrganisationKind)
            c.required(row, d, "name")
            if code:
                c.unique(seen, row, "ods_code", code)
                if kind and (reason := ods_problem(code, kind)):
                    c.fail(row, "ods_code", reason)
            c.choice(row, d, "cqc_rating", CQCRating, blank=True)
            c.flag(row, d, "statutory")
            c.flag(row, d, "foundation_trust")
            parent = d.get("parent_ods_code", "")
            if parent and parent not in self.org_codes:
                c.fail(row, "parent_ods_code", f"unknown parent organisation {parent!r}")
            elif parent and code:
                self.org_parents[code] = parent
        for row, d in rows:
            if d["ods_code"] and _has_cycle(d["ods_code"], self.org_parents):
                c.fail(
                    row,
                    "parent_ods_code",
                    f"the organisation tree has a cycle at or above {d['ods_code']!r}",
                )

    def _check_org_ref(self, c: Checker, row: int, d: Row, key: str = "ods_code") -> None:
        if c.required(row, d, key) and d[key] not in self.org_codes:
            c.fail(row, key, f"unknown organisation {d[key]!r}")

    def _check_area_ref(self, c: Checker, row: int, d: Row, allowed: set[str]) -> None:
        code = d.get("area_code", "")
        level = self.area_levels.get(code)
        if level is None:
            c.fail(row, "area_code", f"unknown area {code!r}")
        elif level not in allowed:
            c.fail(
                row,
                "area_code",
                f"{code!r} is a {level}; expected a {' or '.join(sorted(allowed))}",
            )
        elif self.within and not self._inside(code):
            c.fail(row, "area_code", f"{code!r} is outside {self.within.name}")

    def _check_footprints(self) -> None:
        c, seen = Checker("footprints.csv", self.problems), {}
        for row, d in self.rows["footprints.csv"]:
            self._check_org_ref(c, row, d)
            self._check_area_ref(c, row, d, {"system", "place", "neighbourhood"})
            c.dates(row, d)
            c.choice(row, d, "coverage", Coverage, blank=True)
            c.unique(seen, row, "area_code", f"{d['ods_code']}@{d['area_code']}@{d['start_date']}")

    def _check_partnerships(self) -> None:
        c, seen = Checker("partnerships.csv", self.problems), {}
        for row, d in self.rows["partnerships.csv"]:
            if c.required(row, d, "code"):
                c.unique(seen, row, "code", d["code"])
            c.required(row, d, "name")
            c.choice(row, d, "kind", PartnershipKind)
            if c.choice(row, d, "level", Level):
                self._check_area_ref(
                    c, row, d, {"system", "place"} if d["level"] == "system" else {d["level"]}
                )
            c.date(row, d, "established", required=False)
        self.partnership_codes |= set(seen)

    def _check_members(self) -> None:
        c = Checker("partnership_members.csv", self.problems)
        for row, d in self.rows["partnership_members.csv"]:
            if d["partnership_code"] not in self.partnership_codes:
                c.fail(row, "partnership_code", f"unknown partnership {d['partnership_code']!r}")
            self._check_org_ref(c, row, d)
            c.dates(row, d)

    def _check_people(self) -> None:
        c, seen = Checker("people.csv", self.problems), {}
        for row, d in self.rows["people.csv"]:
            if c.required(row, d, "ref"):
                c.unique(seen, row, "ref", d["ref"])
            c.required(row, d, "name")
        self.person_refs |= set(seen)

    def _check_roles(self) -> None:
        c = Checker("roles.csv", self.problems)
        for row, d in self.rows["roles.csv"]:
            c.choice(row, d, "role", RoleKind)
            c.dates(row, d)
            ref = d.get("person_ref", "")
            status = c.choice(row, d, "status", AssignmentStatus, blank=True)
            if ref and ref not in self.person_refs:
                c.fail(row, "person_ref", f"unknown person {ref!r}")
            if not ref and status not in {"vacant", "recruiting"}:
                c.fail(row, "status", "a role with no person must be vacant or recruiting")
            scopes = [k for k in ("area_code", "partnership_code", "ods_code") if d.get(k)]
            if not scopes:
                c.fail(row, "area_code", "give an area_code, partnership_code or ods_code")
            if d.get("area_code"):
                self._check_area_ref(c, row, d, {"system", "place"})
            if d.get("partnership_code") and d["partnership_code"] not in self.partnership_codes:
                c.fail(row, "partnership_code", f"unknown partnership {d['partnership_code']!r}")
            if d.get("ods_code"):
                self._check_org_ref(c, row, d)

    # -- writes ----------------------------------------------------------------------------------
    def apply(self) -> None:
        self._apply_areas()
        self._apply_organisations()
        for _, d in self.rows["footprints.csv"]:
            self._apply_footprint(d)
        self._apply_partnerships()
        for _, d in self.rows["people.csv"]:
            Person.objects.update_or_create(
                ref=d["ref"], defaults={"name": d["name"], "email": d.get("email", "")}
            )
        for _, d in self.rows["roles.csv"]:
            self._apply_role(d)

    def _apply_areas(self) -> None:
        for level in ("region", "system", "place", "neighbourhood"):
            for _, d in self.rows["areas.csv"]:
                if d["level"] != level:
                    continue
                defaults = {"name": d["name"]}
                if level != "region":
                    defaults["population"] = int(d["population"])
                    parent_level = AREA_PARENT[level]
                    defaults[parent_level] = AREA_MODELS[parent_level].objects.get(
                        code=d["parent_code"]
                    )
                AREA_MODELS[level].objects.update_or_create(code=d["code"], defaults=defaults)

    def _apply_organisations(self) -> None:
        yes = {"yes", "true", "y", "1"}
        for _, d in self.rows["organisations.csv"]:
            Organisation.objects.update_or_create(
                ods_code=d["ods_code"],
                defaults={
                    "name": d["name"],
                    "kind": d["kind"],
                    "statutory": d.get("statutory", "").lower() in yes,
                    "foundation_trust": d.get("foundation_trust", "").lower() in yes,
                    "cqc_rating": d.get("cqc_rating", ""),
                    "parent": None,
                },
            )
        for _, d in self.rows["organisations.csv"]:
            if d.get("parent_ods_code"):
                Organisation.objects.filter(ods_code=d["ods_code"]).update(
                    parent=Organisation.objects.get(ods_code=d["parent_ods_code"])
                )

    def _area_scope(self, code: str) -> dict:
        level = self.area_levels[code]
        area = AREA_MODELS[level].objects.get(code=code)
        if level == "neighbourhood":
            return {"system": area.place.system, "place": area.place, "neighbourhood": area}
        if level == "place":
            return {"system": area.system, "place": area, "neighbourhood": None}
        return {"system": area, "place": None, "neighbourhood": None}

    def _apply_footprint(self, d: Row) -> None:
        Footprint.objects.update_or_create(
            organisation=Organisation.objects.get(ods_code=d["ods_code"]),
            start_date=d["start_date"],
            **self._area_scope(d["area_code"]),
            defaults={
                "end_date": d.get("end_date") or None,
                "coverage": d.get("coverage") or Coverage.WHOLE,
            },
        )

    def _apply_partnerships(self) -> None:
        for _, d in self.rows["partnerships.csv"]:
            scope = self._area_scope(d["area_code"])
            Partnership.objects.update_or_create(
                code=d["code"],
                defaults={
                    "name": d["name"],
                    "kind": d["kind"],
                    "level": d["level"],
                    "system": scope["system"],
                    "place": scope["place"],
                    "established": d.get("established") or None,
                },
            )
        for _, d in self.rows["partnership_members.csv"]:
            PartnershipMember.objects.update_or_create(
                partnership=Partnership.objects.get(code=d["partnership_code"]),
                organisation=Organisation.objects.get(ods_code=d["ods_code"]),
                start_date=d["start_date"],
                defaults={"end_date": d.get("end_date") or None},
            )

    def _apply_role(self, d: Row) -> None:
        scope = {"system": None, "place": None, "partnership": None, "organisation": None}
        if d.get("area_code"):
            area = self._area_scope(d["area_code"])
            scope["system"] = None if area["place"] else area["system"]
            scope["place"] = area["place"]
        if d.get("partnership_code"):
            scope["partnership"] = Partnership.objects.get(code=d["partnership_code"])
        if d.get("ods_code"):
            scope["organisation"] = Organisation.objects.get(ods_code=d["ods_code"])
        person = Person.objects.get(ref=d["person_ref"]) if d.get("person_ref") else None
        status = d.get("status") or AssignmentStatus.SUBSTANTIVE
        RoleAssignment.objects.update_or_create(
            role=d["role"],
            start_date=d["start_date"],
            **scope,
            defaults={"person": person, "status": status, "end_date": d.get("end_date") or None},
        )


def _existing_area_levels() -> dict[str, str]:
    levels = {}
    for level, model in AREA_MODELS.items():
        levels.update(dict.fromkeys(model.objects.values_list("code", flat=True), level))
    return levels


def _existing_area_parents() -> dict[str, str]:
    parents = dict(System.objects.values_list("code", "region__code"))
    parents.update(Place.objects.values_list("code", "system__code"))
    parents.update(Neighbourhood.objects.values_list("code", "place__code"))
    return parents


def _has_cycle(code: str, parents: dict[str, str]) -> bool:
    seen, current = {code}, parents.get(code)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False
