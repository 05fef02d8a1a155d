"""The registered population respondents are compared with: aggregates of the linked lake's
secondary-use person file, read with DuckDB as :func:`population_health.bridge.register_counts`
reads it.

That file is the register for planning: national data opt-outs and GP type 1 objectors are
already removed (``pipeline.link`` writes it through ``linkage.secondary_use`` with both), and it
is pseudonymised (no NHS number, name, birth date or postcode). Counted: people alive on the
as-of date, born by then, aged 16 or more (surveys do not ask children). Every count leaves
through :func:`suppression.suppress`.

The secondary file has no postcode district (it is identifiable), so :func:`district_quintiles`
takes the geography only — which LSOAs lie in which postcode district — from the linked person
index, and counts people (and their LSOA's deprivation quintile) from the secondary file: no
person-level value of the identifiable file is read beyond that lookup, and only a quintile per
district leaves.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from engineroom.population.consult.categories import AGE_BANDS, DIMENSIONS
from engineroom.population.consult.represent import NOT_STATED
from engineroom.population.lake import Lake
from engineroom.population.phm.suppression import suppress
from engineroom.population.pipeline import linked_path


def _path(var: str | Path, name: str) -> Path:
    path = linked_path(Lake(var), name)
    if path is None or not path.exists():
        raise FileNotFoundError(f"no linked population in {var}: run `engineroom link`")
    return path


def _people_sql(as_of: date) -> str:
    """The living registered people aged 16+ on ``as_of``, one row each, by dimension."""
    bands = " ".join(f"WHEN age >= {low} THEN '{name}'" for name, low in reversed(AGE_BANDS))
    day = f"DATE '{as_of.isoformat()}'"
    return f"""
        WITH people AS (
            SELECT date_diff('month', birth_month, {day}) // 12 AS age, sex, ethnicity_group,
                   deprivation_decile, registered_practice
            FROM read_parquet(?)
            WHERE birth_month IS NOT NULL AND birth_month <= {day}
              AND (date_of_death IS NULL OR date_of_death > {day})
        )
        SELECT CASE {bands} END AS age_band,
               CASE WHEN sex IN ('F', 'M') THEN sex ELSE '{NOT_STATED}' END AS sex,
               CASE WHEN ethnicity_group IN ('White', 'Asian', 'Black', 'Mixed', 'Other')
                    THEN ethnicity_group ELSE '{NOT_STATED}' END AS ethnicity,
               CASE WHEN deprivation_decile BETWEEN 1 AND 10
                    THEN CAST(CAST(ceil(deprivation_decile / 2.0) AS INTEGER) AS VARCHAR)
                    ELSE '{NOT_STATED}' END AS quintile,
               registered_practice AS practice
        FROM people WHERE age >= 16
    """


def profile(
    var: str | Path, *, practice_place: dict[str, str], as_of: date
) -> dict[str, dict[str, int | str]]:
    """{dimension: {category: suppressed count}} of the registered population aged 16+; place
    via the registered practice (``practice_place``: ODS code -> place code; a practice not in
    it counts as "not stated")."""
    sql = f"""SELECT age_band, sex, ethnicity, quintile, practice, count(*)
              FROM ({_people_sql(as_of)}) GROUP BY ALL"""
    with duckdb.connect() as con:
        groups = con.execute(sql, [str(_path(var, "secondary/person"))]).fetchall()
    counts: dict[str, dict[str, int]] = {dim: {} for dim in DIMENSIONS}
    for age_band, sex, ethnicity, quintile, practice, people in groups:
        place = practice_place.get(practice, NOT_STATED)
        for dim, value in zip(DIMENSIONS, (age_band, sex, ethnicity, quintile, place), strict=True):
            counts[dim][value] = counts[dim].get(value, 0) + people
    return {dim: {k: suppress(v) for k, v in sorted(c.items())} for dim, c in counts.items()}


def district_quintiles(var: str | Path) -> dict[str, int]:
    """Postcode district -> the most common deprivation quintile among the (secondary-use)
    registered people living in its LSOAs; ties go to the more deprived quintile."""
    sql = """
        WITH areas AS (
            SELECT DISTINCT postcode_district AS district, lsoa FROM read_parquet(?)
            WHERE postcode_district IS NOT NULL AND lsoa IS NOT NULL
        ), people AS (
            SELECT lsoa, CAST(ceil(deprivation_decile / 2.0) AS INTEGER) AS quintile
            FROM read_parquet(?) WHERE deprivation_decile BETWEEN 1 AND 10
        ), counted AS (
            SELECT district, quintile, count(*) AS n FROM areas JOIN people USING (lsoa)
            GROUP BY ALL
        )
        SELECT district, arg_max(quintile, n * 10 - quintile) FROM counted GROUP BY district
    """
    paths = [str(_path(var, "person_index")), str(_path(var, "secondary/person"))]
    with duckdb.connect() as con:
        return {district: int(q) for district, q in con.execute(sql, paths).fetchall()}
