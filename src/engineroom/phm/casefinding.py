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

from engineroom.phm.codes import codelists

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
        max(CASE WHEN snomed_code IN ({_codes("diastolic_bp")}) THEN value END) AS dia
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
    icd = " OR ".join(
        f"primary_diagnosis LIKE '{p}%' OR secondary_diagnoses LIKE '%{p}%'"
        for p in codelists()["icd10_af"]
    )
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
