"""Case-finding: probable undiagnosed conditions (direct care), and recorded vs expected prevalence.

Rules (as of the extract date; only the GP record and hospital diagnoses up to then are read):

- hypertension: two or more readings (on different days) with systolic >= 140 or diastolic >= 90
  and no hypertension diagnosis coded;
- AF: an irregular pulse recorded or AF (ICD-10 I48) in a hospital diagnosis, no AF coded in the
  GP record;
- diabetes: the latest HbA1c >= 48 mmol/mol and no diabetes diagnosis coded;
- CKD: two eGFR readings < 60 at least 90 days apart and no CKD diagnosis coded.

Expected prevalence (``expected_prevalence.json``): age and sex specific rates with their sources;
expected cases = sum of each registered person's rate; estimated undiagnosed = expected - recorded.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from engineroom.population.phm.codes import codelists

CONDITIONS = ("hypertension", "af", "diabetes", "ckd")
LABELS = {
    "hypertension": "Hypertension",
    "af": "Atrial fibrillation",
    "diabetes": "Diabetes",
    "ckd": "Chronic kidney disease",
}


def _codes(*names: str) -> str:
    lists = codelists()
    codes = [c for n in names for c in lists["measurements"].get(n, lists["conditions"].get(n, []))]
    return ", ".join(f"'{c}'" for c in codes)


def find_cases(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    """One row per (person, condition) flagged, with the evidence in words."""
    d = f"DATE '{as_of.isoformat()}'"
    sql = f"""
    WITH {_hypertension(d)},
    {_atrial_fibrillation(d)},
    {_diabetes(d)},
    {_kidney_disease(d)},
    found AS (
      {_undiagnosed("htn", "hypertension", d)}
      UNION ALL {_undiagnosed("af_one", "af", d)}
      UNION ALL {_undiagnosed("dm", "diabetes", d)}
      UNION ALL {_undiagnosed("ckd", "ckd", d)}
    )
    SELECT f.* FROM found f JOIN person p ON p.nhs_number = f.person_id
    WHERE p.date_of_death IS NULL OR p.date_of_death > {d}
    ORDER BY condition, person_id
    """
    return con.execute(sql).df()


def _undiagnosed(cte: str, condition: str, d: str) -> str:
    """Rows of ``cte`` whose person has no diagnosis code (NOT EXISTS: an anti join on every
    engine, where NOT IN can become a nested loop)."""
    return (
        f"SELECT * FROM {cte} x WHERE NOT EXISTS (SELECT 1 FROM gp_event g "
        f"WHERE g.person_id = x.person_id AND g.snomed_code IN ({_codes(condition)}) "
        f"AND g.event_date <= {d})"
    )


def _hypertension(d: str) -> str:
    """``htn``: two or more days with a raised blood pressure reading."""
    return f"""bp AS (
      SELECT person_id, event_date,
        max(CASE WHEN snomed_code IN ({_codes("systolic_bp")}) THEN value END) AS sys,
        max(CASE WHEN snomed_code IN ({_codes("diastolic_bp")}) THEN value END) AS dia,
        min(source) AS source
      FROM gp_event WHERE snomed_code IN ({_codes("systolic_bp", "diastolic_bp")})
        AND event_date <= {d}
      GROUP BY person_id, event_date
    ),
    htn AS (
      SELECT person_id, 'hypertension' AS condition,
        count(*) || ' raised readings, highest ' || CAST(max(sys) AS INTEGER) || '/'
          || CAST(max(dia) AS INTEGER) || ' mmHg, latest ' || max(event_date) AS evidence,
        max(event_date) AS latest
      FROM bp WHERE sys >= 140 OR dia >= 90 GROUP BY person_id HAVING count(*) >= 2
    )"""


def _atrial_fibrillation(d: str) -> str:
    """``af_one``: an irregular pulse in the GP record or AF in a hospital diagnosis."""
    icd = f"{_af_primary()} OR {_af_secondary()}"
    return f"""af AS (
      SELECT person_id, 'af' AS condition, 'irregular pulse recorded' AS evidence,
        max(event_date) AS latest
      FROM gp_event WHERE snomed_code IN ({_codes("irregular_pulse")}) AND event_date <= {d}
      GROUP BY person_id
      UNION ALL
      SELECT person_id, 'af', 'AF in a hospital diagnosis', max(admission_date)
      FROM apc WHERE ({icd}) AND admission_date <= {d} GROUP BY person_id
    ),
    af_one AS (
      SELECT person_id, condition, string_agg(evidence, '; ') AS evidence, max(latest) AS latest
      FROM af GROUP BY person_id, condition
    )"""


def _af_primary() -> str:
    return (
        "(" + " OR ".join(f"primary_diagnosis LIKE '{p}%'" for p in codelists()["icd10_af"]) + ")"
    )


def _af_secondary() -> str:
    found = (f"secondary_diagnoses LIKE '%{p}%'" for p in codelists()["icd10_af"])
    return "(" + " OR ".join(found) + ")"


def _diabetes(d: str) -> str:
    """``dm``: the latest HbA1c at or above 48 mmol/mol."""
    return f"""a1c AS (
      SELECT person_id, arg_max(value, event_date) AS latest_value, max(event_date) AS latest
      FROM gp_event WHERE snomed_code IN ({_codes("hba1c")}) AND event_date <= {d}
      GROUP BY person_id
    ),
    dm AS (
      SELECT person_id, 'diabetes' AS condition,
        'latest HbA1c ' || CAST(latest_value AS INTEGER) || ' mmol/mol on ' || latest AS evidence,
        latest
      FROM a1c WHERE latest_value >= 48
    )"""


def _kidney_disease(d: str) -> str:
    """``ckd``: two eGFR readings below 60 at least 90 days apart."""
    return f"""gfr AS (
      SELECT person_id, min(event_date) AS first_low, max(event_date) AS last_low,
        min(value) AS lowest
      FROM gp_event WHERE snomed_code IN ({_codes("egfr")}) AND value < 60 AND event_date <= {d}
      GROUP BY person_id
    ),
    ckd AS (
      SELECT person_id, 'ckd' AS condition,
        'eGFR < 60 on ' || first_low || ' and ' || last_low || ' (lowest '
          || CAST(lowest AS INTEGER) || ')' AS evidence, last_low AS latest
      FROM gfr WHERE date_diff('day', first_low, last_low) >= 90
    )"""


EVIDENCE_COLUMNS = ("person_id", "condition", "event_date", "measure", "value", "value2")
EVIDENCE_COLUMNS += ("position", "source")


def evidence(con: duckdb.DuckDBPyConnection, as_of: date, flagged: pd.DataFrame) -> pd.DataFrame:
    """DIRECT CARE: the readings behind each flag of ``flagged`` (:func:`find_cases`), one row per
    reading, newest first: ``measure`` is ``blood_pressure`` (``value``/``value2`` systolic and
    diastolic, raised readings only), ``irregular_pulse``, ``hospital_diagnosis`` (``position``
    primary or secondary), ``hba1c`` (every reading; the latest decides) or ``egfr`` (readings
    below 60); ``source`` is the ODS code of the organisation that recorded it."""
    d = f"DATE '{as_of.isoformat()}'"
    con.register("_flagged", _flag_table(flagged))
    sql = f"""
    WITH {_hypertension(d)},
    readings AS (
      SELECT person_id, 'hypertension' AS condition, event_date, 'blood_pressure' AS measure,
        sys AS value, dia AS value2, '' AS position, source
      FROM bp WHERE sys >= 140 OR dia >= 90
      UNION ALL {_gp_readings("af", "irregular_pulse", "irregular_pulse", d, value=False)}
      UNION ALL {_gp_readings("diabetes", "hba1c", "hba1c", d)}
      UNION ALL {_gp_readings("ckd", "egfr", "egfr", d, extra="AND value < 60")}
      UNION ALL
      SELECT person_id, 'af', admission_date, 'hospital_diagnosis', CAST(NULL AS DOUBLE),
        CAST(NULL AS DOUBLE), CASE WHEN {_af_primary()} THEN 'primary' ELSE 'secondary' END,
        source
      FROM apc WHERE ({_af_primary()} OR {_af_secondary()}) AND admission_date <= {d}
    )
    SELECT r.* FROM readings r
    JOIN _flagged f ON f.person_id = r.person_id AND f.condition = r.condition
    ORDER BY r.person_id, r.condition, r.event_date DESC, r.measure
    """
    found = con.execute(sql).df()[list(EVIDENCE_COLUMNS)]
    found["event_date"] = pd.to_datetime(found["event_date"]).dt.date
    return found


def _flag_table(flagged: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            "person_id": pa.array(flagged["person_id"].astype(str).tolist(), pa.string()),
            "condition": pa.array(flagged["condition"].astype(str).tolist(), pa.string()),
        }
    )


def _gp_readings(
    condition: str, measure: str, codes: str, d: str, *, value: bool = True, extra: str = ""
) -> str:
    """The GP-recorded readings (or findings, ``value=False``) of one measure, as evidence rows."""
    shown = "value" if value else "CAST(NULL AS DOUBLE)"
    return f"""
      SELECT person_id, '{condition}', event_date, '{measure}', {shown}, CAST(NULL AS DOUBLE),
        '', source
      FROM gp_event WHERE snomed_code IN ({_codes(codes)}) AND event_date <= {d} {extra}"""


@cache
def expected_rates() -> dict:
    return json.loads(Path(__file__).with_name("expected_prevalence.json").read_text("utf-8"))


def expected_cases(condition: str, age: pd.Series, sex: pd.Series) -> np.ndarray:
    """Each person's expected probability of having ``condition`` (age and sex specific)."""
    spec = expected_rates()[condition]
    bands = np.asarray(spec["age_from"])
    idx = np.searchsorted(bands, age.to_numpy(), side="right") - 1
    male = np.asarray(spec["male"])[np.clip(idx, 0, None)]
    female = np.asarray(spec["female"])[np.clip(idx, 0, None)]
    rate = np.where(
        sex.to_numpy() == "F", female, np.where(sex.to_numpy() == "M", male, (male + female) / 2)
    )
    return np.where(idx < 0, 0.0, rate)
