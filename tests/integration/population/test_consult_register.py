"""The registered population a consultation is compared with: counts agree with a direct read of
the lake's secondary-use person file (opt-outs and type 1 objectors already out), aged 16+,
living on the as-of date, and every count suppressed."""

from collections import Counter, defaultdict
from datetime import date

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from engineroom.population.consult import register
from engineroom.population.consult.categories import DIMENSIONS, age_band
from engineroom.population.consult.represent import NOT_STATED
from engineroom.population.lake import Lake
from engineroom.population.linkage import TYPE1_SNOMED
from engineroom.population.phm import lakeviews
from engineroom.population.phm.suppression import suppress

AS_OF = date(2025, 6, 1)


def _age(birth_month: date) -> int:
    months = (AS_OF.year - birth_month.year) * 12 + AS_OF.month - birth_month.month
    return months // 12


def _living_adults(rows):
    for r in rows:
        born, died = r["birth_month"], r["date_of_death"]
        if born and born <= AS_OF and (died is None or died > AS_OF) and _age(born) >= 16:
            yield r


@pytest.fixture(scope="module")
def secondary(phm_var):
    return pq.read_table(lakeviews.linked_dir(phm_var) / "secondary" / "person.parquet").to_pylist()


@pytest.fixture(scope="module")
def places(secondary):
    practices = sorted({r["registered_practice"] for r in secondary})
    return {p: f"PLACE-{i % 2}" for i, p in enumerate(practices[:-1])}  # the last: no place


def test_profile_counts_agree_with_the_secondary_person_file(phm_var, secondary, places):
    found = register.profile(phm_var, practice_place=places, as_of=AS_OF)
    expected = {dim: Counter() for dim in DIMENSIONS}
    for r in _living_adults(secondary):
        decile = r["deprivation_decile"]
        expected["age_band"][age_band(_age(r["birth_month"]))] += 1
        expected["sex"][r["sex"] if r["sex"] in ("F", "M") else NOT_STATED] += 1
        expected["ethnicity"][
            r["ethnicity_group"] if r["ethnicity_group"] != "U" else NOT_STATED
        ] += 1
        expected["quintile"][str((decile + 1) // 2) if decile else NOT_STATED] += 1
        expected["place"][places.get(r["registered_practice"], NOT_STATED)] += 1
    assert set(found) == set(DIMENSIONS)
    for dim in DIMENSIONS:
        assert found[dim] == {k: suppress(v) for k, v in expected[dim].items()}, dim
    assert "16-24" in found["age_band"] and NOT_STATED in found["place"]


def test_profile_leaves_out_opt_outs_and_type_1_objectors(phm_var, secondary):
    """The register's living adults minus the excluded are exactly the secondary file's."""
    index = pq.read_table(lakeviews.linked_dir(phm_var) / "person_index.parquet").to_pylist()
    opted = set(Lake(phm_var).read("national_opt_out").column("nhs_number").to_pylist())
    gp = pq.read_table(lakeviews.linked_dir(phm_var) / "gp_event.parquet")
    type1 = set(
        gp.filter(pc.equal(gp["snomed_code"], TYPE1_SNOMED)).column("person_id").to_pylist()
    )
    kept = [r for r in _living_adults(index) if r["nhs_number"] not in opted | type1]
    assert opted & {r["nhs_number"] for r in index}  # the fixture has opt-outs to leave out
    found = register.profile(phm_var, practice_place={}, as_of=AS_OF)
    assert found["place"] == {NOT_STATED: suppress(len(kept))}
    assert len(kept) == sum(1 for _ in _living_adults(secondary))


def test_district_quintiles_the_most_common_quintile_of_each_district(phm_var, secondary):
    index = pq.read_table(
        lakeviews.linked_dir(phm_var) / "person_index.parquet",
        columns=["postcode_district", "lsoa"],
    ).to_pylist()
    districts = defaultdict(set)
    for r in index:
        if r["postcode_district"] and r["lsoa"]:
            districts[r["postcode_district"]].add(r["lsoa"])
    people = Counter(
        (r["lsoa"], (r["deprivation_decile"] + 1) // 2)
        for r in secondary
        if r["deprivation_decile"]
    )
    found = register.district_quintiles(phm_var)
    assert found and set(found) <= set(districts)
    for district, quintile in found.items():
        tally = Counter()
        for (lsoa, q), n in people.items():
            if lsoa in districts[district]:
                tally[q] += n
        top = max(tally.values())
        assert quintile == min(q for q, n in tally.items() if n == top)
