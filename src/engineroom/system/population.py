"""The bridge between the system model and the population data platform.

The platform never imports Django, so this module hands it the region's shape as plain data
(:func:`region_spec`) and brings back only aggregates (:func:`publish_register_counts`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from django.db import transaction

from engineroom.population.lake import Lake
from engineroom.population.pipeline import linked_path
from engineroom.synth.population.spec import RegionSpec, validate_spec
from engineroom.system.models import (
    Footprint,
    Organisation,
    OrganisationKind,
    Place,
    RegisterCount,
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
    live = Footprint.objects.filter(system=system).current(on).select_related("organisation")
    practices: dict[int, list[dict]] = {}
    trusts: dict[str, dict] = {}
    councils: dict[int, Organisation] = {}
    all_places = list(system.places.order_by("code").values_list("code", flat=True))
    for footprint in live.order_by("organisation__ods_code"):
        org = footprint.organisation
        if org.kind == OrganisationKind.GP_PRACTICE and footprint.neighbourhood_id:
            practices.setdefault(footprint.neighbourhood_id, []).append(
                {"ods": org.ods_code, "name": org.name}
            )
        elif org.kind in TRUST_KINDS:
            trust = trusts.setdefault(
                org.ods_code,
                {"ods": org.ods_code, "name": org.name, "kind": TRUST_KINDS[org.kind],
                 "places": [], "fhir": org.kind == OrganisationKind.COMMUNITY},
            )  # fmt: skip
            # A footprint without a place covers the whole system.
            served = [footprint.place.code] if footprint.place_id else all_places
            trust["places"] += [code for code in served if code not in trust["places"]]
        elif org.kind in COUNCIL_KINDS and footprint.place_id:
            # A unitary council is the place's own; a county only if no unitary covers it.
            held = councils.get(footprint.place_id)
            if held is None or held.kind == OrganisationKind.LA_COUNTY:
                councils[footprint.place_id] = org
    places = []
    for place in system.places.order_by("code").prefetch_related("neighbourhoods"):
        if place.pk not in councils:
            continue
        hoods = [
            {"code": n.code, "name": n.name, "population": n.population,
             "practices": practices[n.pk]}
            for n in place.neighbourhoods.order_by("code") if practices.get(n.pk)
        ]  # fmt: skip
        if hoods:
            places.append(
                {"code": place.code, "name": place.name,
                 "council": councils[place.pk].ods_code, "neighbourhoods": hoods}
            )  # fmt: skip
    used = {c.ods_code: c for c in councils.values()}
    spec: RegionSpec = {
        "name": system.name,
        "systems": [{"code": system.code, "name": system.name, "places": places}],
        "trusts": [t for t in trusts.values() if t["places"]],
        "councils": [{"code": code, "name": org.name} for code, org in sorted(used.items())],
        "as_of": on.isoformat(),
    }
    validate_spec(spec)
    return spec


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


@transaction.atomic
def publish_register_counts(system: System, var: str | Path, as_of: dt.date) -> int:
    """Replace the system's register counts by place from the linked lake; returns people."""
    place_of = dict(
        Footprint.objects.filter(system=system, organisation__kind=OrganisationKind.GP_PRACTICE)
        .current(as_of)
        .exclude(neighbourhood=None)
        .values_list("organisation__ods_code", "neighbourhood__place_id")
    )
    cells: dict[tuple[int, str, int], int] = {}
    for practice, band, quintile, people in register_counts(var, as_of):
        if practice in place_of:
            key = (place_of[practice], band, quintile)
            cells[key] = cells.get(key, 0) + people
    RegisterCount.objects.filter(place__system=system).delete()
    places = Place.objects.in_bulk({key[0] for key in cells})
    RegisterCount.objects.bulk_create(
        RegisterCount(
            place=places[pk], age_band=band, deprivation_quintile=q, people=n, as_of=as_of
        )
        for (pk, band, q), n in cells.items()
    )
    return sum(cells.values())
