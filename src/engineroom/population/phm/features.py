"""Person-level features as of a date, computed in DuckDB over the linked (direct-care) views.

One row per person registered and alive on ``as_of``. Activity counts cover the ``lookback``
days up to and including ``as_of``; conditions and eFI deficits are "ever coded by then".
Nothing after ``as_of`` is read, so features for one period and outcomes for the next never mix.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd
import pyarrow as pa

from engineroom.population.phm.codes import CONDITIONS, codelists, efi_deficit_codes

ACTIVITY = (
    "emergency_admissions",
    "elective_admissions",
    "emergency_bed_days",
    "maternity_admissions",
    "ae_attendances",
    "outpatient_attendances",
    "community_contacts",
    "mh_contacts",
)


def _code_table(con: duckdb.DuckDBPyConnection) -> None:
    conditions = codelists()["conditions"].items()
    rows = [(code, "cond:" + name) for name, codes in conditions for code in codes]
    rows += [(code, "efi:" + name) for name, codes in efi_deficit_codes().items() for code in codes]
    table = pa.table({"code": [r[0] for r in rows], "concept": [r[1] for r in rows]})
    con.register("_phm_codes", table)


def person_features(
    con: duckdb.DuckDBPyConnection, as_of: date, lookback: int = 365
) -> pd.DataFrame:
    """Features for every person alive and registered on ``as_of`` (see module doc)."""
    _code_table(con)
    d = f"DATE '{as_of.isoformat()}'"
    start = f"DATE '{(as_of - timedelta(days=lookback)).isoformat()}'"
    sql = f"""
    WITH {_registered(d)},
    {_diagnoses(d)},
    {_activity(d, start)},
    {_care(d, start)}
    {_joined(d)}
    """
    return _derived(con.execute(sql).df())


def _registered(d: str) -> str:
    """``p``: everyone born, alive and registered on the date."""
    return f"""p AS (
      SELECT nhs_number AS person_id, birth_date, sex, ethnicity_group, lsoa,
             deprivation_decile, registered_practice AS practice
      FROM person
      WHERE birth_date <= {d} AND (date_of_death IS NULL OR date_of_death > {d})
    )"""


def _diagnoses(d: str) -> str:
    """``dx``: each condition ever coded, and how many eFI deficits."""
    conds = ",\n".join(f"bool_or(c.concept = 'cond:{name}') AS {name}" for name in CONDITIONS)
    return f"""dx AS (
      SELECT e.person_id, {conds},
             count(DISTINCT CASE WHEN c.concept LIKE 'efi:%' THEN c.concept END) AS efi_coded
      FROM gp_event e JOIN _phm_codes c ON e.snomed_code = c.code
      WHERE e.event_date <= {d}
      GROUP BY e.person_id
    )"""


def _activity(d: str, start: str) -> str:
    """``apc``, ``ae``, ``op``, ``cm``, ``mh``, ``meds``: activity in the look-back window."""
    window = f"> {start} AND {{col}} <= {d}"
    return f"""apc AS (
      SELECT person_id,
        count(*) FILTER (WHERE admission_method = 'emergency') AS emergency_admissions,
        count(*) FILTER (WHERE admission_method = 'elective') AS elective_admissions,
        count(*) FILTER (WHERE admission_method = 'maternity') AS maternity_admissions,
        CAST(coalesce(sum(CASE WHEN admission_method = 'emergency' THEN greatest(
          date_diff('day', admission_date, least(coalesce(discharge_date, {d}), {d})), 0) END), 0)
          AS INTEGER) AS emergency_bed_days
      FROM apc WHERE admission_date {window.format(col="admission_date")}
      GROUP BY person_id
    ),
    ae AS (SELECT person_id, count(*) AS ae_attendances FROM ae
           WHERE arrival_date {window.format(col="arrival_date")} GROUP BY person_id),
    op AS (SELECT person_id, count(*) AS outpatient_attendances FROM op
           WHERE attended AND appointment_date {window.format(col="appointment_date")}
           GROUP BY person_id),
    cm AS (SELECT person_id, count(*) AS community_contacts FROM community
           WHERE contact_date {window.format(col="contact_date")} GROUP BY person_id),
    mh AS (SELECT person_id, count(*) AS mh_contacts FROM mh
           WHERE contact_date {window.format(col="contact_date")} GROUP BY person_id),
    meds AS (SELECT person_id, count(DISTINCT dmd_code) AS medicines FROM medication
             WHERE issue_date {window.format(col="issue_date")} GROUP BY person_id)"""


def _care(d: str, start: str) -> str:
    """``home``: in a care home on the date; ``social``: social care during the window."""
    return f"""home AS (SELECT DISTINCT person_id FROM care_home
             WHERE start_date <= {d} AND (end_date IS NULL OR end_date > {d})),
    social AS (SELECT DISTINCT person_id FROM social_care
               WHERE start_date <= {d} AND (end_date IS NULL OR end_date > {start}))"""


def _joined(d: str) -> str:
    """One row per registered person, zero where nothing was found."""
    return f"""SELECT p.*,
      CAST(floor(date_diff('day', p.birth_date, {d}) / 365.25) AS INTEGER) AS age,
      {", ".join(f"coalesce(dx.{n}, false) AS {n}" for n in CONDITIONS)},
      coalesce(dx.efi_coded, 0) AS efi_coded,
      {", ".join(f"coalesce({_src(a)}.{a}, 0) AS {a}" for a in ACTIVITY)},
      coalesce(meds.medicines, 0) AS medicines,
      home.person_id IS NOT NULL AS care_home,
      social.person_id IS NOT NULL AS social_care
    FROM p
    LEFT JOIN dx USING (person_id) LEFT JOIN apc USING (person_id) LEFT JOIN ae USING (person_id)
    LEFT JOIN op USING (person_id) LEFT JOIN cm USING (person_id) LEFT JOIN mh USING (person_id)
    LEFT JOIN meds USING (person_id) LEFT JOIN home USING (person_id)
    LEFT JOIN social USING (person_id)
    ORDER BY person_id"""


def _derived(frame: pd.DataFrame) -> pd.DataFrame:
    frame["deprivation_decile"] = frame["deprivation_decile"].astype("Int64")
    frame["quintile"] = ((frame["deprivation_decile"] + 1) // 2).astype("Int64")
    frame["core20"] = (frame["quintile"] == 1).fillna(False).astype(bool)
    frame["age_band"] = age_band(frame["age"])
    return frame


# The CTE each activity count comes from (every other count comes from ``apc``).
ACTIVITY_SOURCE = {
    "ae_attendances": "ae",
    "outpatient_attendances": "op",
    "community_contacts": "cm",
    "mh_contacts": "mh",
}


def _src(activity: str) -> str:
    return ACTIVITY_SOURCE.get(activity, "apc")


AGE_BANDS = (
    (0, 17, "0-17"),
    (18, 39, "18-39"),
    (40, 59, "40-59"),
    (60, 74, "60-74"),
    (75, 200, "75+"),
)


def age_band(age: pd.Series) -> pd.Series:
    out = pd.Series("75+", index=age.index, dtype=object)
    for low, high, label in AGE_BANDS:
        out[(age >= low) & (age <= high)] = label
    return out


def emergency_outcome(con: duckdb.DuckDBPyConnection, as_of: date, days: int = 365) -> pd.Series:
    """Emergency admissions per person in the ``days`` after ``as_of`` (the outcome period)."""
    end = as_of + timedelta(days=days)
    rows = con.execute(
        f"SELECT person_id, count(*) AS n FROM apc WHERE admission_method = 'emergency' "
        f"AND admission_date > DATE '{as_of}' AND admission_date <= DATE '{end}' "
        f"GROUP BY person_id"
    ).df()
    return rows.set_index("person_id")["n"]
