"""The bridge between the system model and the population data platform.

The platform never imports Django, so this module hands it the region's shape as plain data
(:func:`region_spec`) and reads back only aggregates (:func:`register_counts`, which
``actions.publish_register_counts`` stores for capitation).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from engineroom.population.lake import Lake
from engineroom.population.pipeline import linked_path
from engineroom.population.region import RegionSpec, validate_spec
from engineroom.system.models import (
    Footprint,
    Organisation,
    OrganisationKind,
    System,
)

TRUST_KINDS = {
    OrganisationKind.ACUTE: "acute",
    OrganisationKind.COMMUNITY: "community",
    OrganisationKind.MENTAL_HEALTH: "mental_health",
}
COUNCIL_KINDS = (OrganisationKind.LA_UNITARY, OrganisationKind.LA_COUNTY)
# Age bands of the capitation weights (finance/data/capitation_weights.csv): (band, lowest age).
AGE_BANDS = (
    ("85+", 85),
    ("75-84", 75),
    ("65-74", 65),
    ("45-64", 45),
    ("15-44", 15),
    ("5-14", 5),
    ("0-4", 0),
)


def region_spec(system: System, on: dt.date | None = None) -> RegionSpec:
    """The system's places, neighbourhoods, practices, trusts and councils on a date."""
    on = on or dt.date.today()
    partners = _Partners(system)
    live = Footprint.objects.filter(system=system).current(on).select_related("organisation")
    for footprint in live.order_by("organisation__ods_code"):
        partners.add(footprint)
    used = {c.ods_code: c for c in partners.councils.values()}
    spec: RegionSpec = {
        "name": system.name,
        "systems": [{"code": system.code, "name": system.name, "places": _places(partners)}],
        "trusts": [t for t in partners.trusts.values() if t["places"]],
        "councils": [{"code": code, "name": org.name} for code, org in sorted(used.items())],
        "as_of": on.isoformat(),
    }
    validate_spec(spec)
    return spec


class _Partners:
    """The organisations of a system sorted into practices by neighbourhood, trusts with the
    places they serve, and each place's council."""

    def __init__(self, system: System):
        self.system = system
        self.all_places = list(system.places.order_by("code").values_list("code", flat=True))
        self.practices: dict[int, list[dict]] = {}
        self.trusts: dict[str, dict] = {}
        self.councils: dict[int, Organisation] = {}

    def add(self, footprint: Footprint) -> None:
        org = footprint.organisation
        if org.kind == OrganisationKind.GP_PRACTICE and footprint.neighbourhood_id:
            practice = {"ods": org.ods_code, "name": org.name}
            self.practices.setdefault(footprint.neighbourhood_id, []).append(practice)
        elif org.kind in TRUST_KINDS:
            self._add_trust(org, footprint)
        elif org.kind in COUNCIL_KINDS and footprint.place_id:
            # A unitary council is the place's own; a county only if no unitary covers it.
            held = self.councils.get(footprint.place_id)
            if held is None or held.kind == OrganisationKind.LA_COUNTY:
                self.councils[footprint.place_id] = org

    def _add_trust(self, org: Organisation, footprint: Footprint) -> None:
        trust = self.trusts.setdefault(
            org.ods_code,
            {
                "ods": org.ods_code,
                "name": org.name,
                "kind": TRUST_KINDS[org.kind],
                "places": [],
                "fhir": org.kind == OrganisationKind.COMMUNITY,
            },
        )
        # A footprint without a place covers the whole system.
        served = [footprint.place.code] if footprint.place_id else self.all_places
        trust["places"] = sorted({*trust["places"], *served})  # the same on every database


def _places(partners: _Partners) -> list[dict]:
    """Places with a council and at least one neighbourhood with practices."""
    places = []
    for place in partners.system.places.order_by("code").prefetch_related("neighbourhoods"):
        if place.pk not in partners.councils:
            continue
        hoods = [
            {
                "code": n.code,
                "name": n.name,
                "population": n.population,
                "practices": partners.practices[n.pk],
            }
            for n in place.neighbourhoods.order_by("code")
            if partners.practices.get(n.pk)
        ]
        if hoods:
            places.append(
                {
                    "code": place.code,
                    "name": place.name,
                    "council": partners.councils[place.pk].ods_code,
                    "neighbourhoods": hoods,
                }
            )
    return places


def register_counts(var: str | Path, as_of: dt.date) -> list[tuple[str, str, int, int]]:
    """(practice, age band, deprivation quintile, people) from the secondary-use person view.

    The secondary view has national data opt-outs removed; the living only are counted.
    """
    path = linked_path(Lake(var), "secondary/person")
    if path is None or not path.exists():
        raise FileNotFoundError(f"no linked population in {var}: run `engineroom link`")
    band = " ".join(
        f"WHEN age >= {low} THEN '{name}'" for name, low in AGE_BANDS
    )  # ages are whole years at the as-of date, from the month of birth
    sql = f"""
        WITH people AS (
            SELECT registered_practice AS practice,
                   date_diff('month', birth_month, DATE '{as_of.isoformat()}') // 12 AS age,
                   CAST(ceil(deprivation_decile / 2.0) AS INTEGER) AS quintile
            FROM read_parquet(?)
            WHERE date_of_death IS NULL AND birth_month IS NOT NULL
              AND deprivation_decile BETWEEN 1 AND 10
        )
        SELECT practice, CASE {band} END AS band, quintile, count(*) AS people
        FROM people WHERE age >= 0 GROUP BY ALL ORDER BY ALL
    """
    with duckdb.connect() as con:
        return con.execute(sql, [str(path)]).fetchall()
