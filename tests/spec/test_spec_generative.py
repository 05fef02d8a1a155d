"""Generative parity: random small populations give identical results on DuckDB and PySpark.

Hypothesis builds people (registrations, some re-registered elsewhere, some dead), GP events
(condition and eFI codes, blood pressure, HbA1c, eGFR, irregular pulse, type 1 objections; some
without an NHS number, linked by demographics), admissions, A&E attendances, medicines and
national opt-outs, as Arrow tables. Each engine then runs the whole chain — linkage -> features
-> eFI -> segments -> case-finding (flags and evidence) -> risk scores and ranks -> direct-care
people -> pseudonymised secondary-use aggregates (the dashboard) — and every result must match:
tables as sorted rows, the dashboard as the same dict.
"""

import itertools
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engineroom.population import linkage
from engineroom.population.engine import connect, register
from engineroom.population.linkage import TYPE1_SNOMED
from engineroom.population.phm import (
    aggregates,
    casefinding,
    lakeviews,
    published,
    refresh,
    risk,
    runs,
)
from engineroom.population.phm.codes import codelists, efi_deficit_codes
from engineroom.population.schema import TABLES

pytestmark = pytest.mark.spark
AS_OF = date(2025, 3, 31)
START = date(2022, 4, 1)
PRACTICES = ("P1", "P2", "P3")
SPEC = {
    "systems": [
        {
            "code": "S",
            "name": "System",
            "places": [
                {
                    "code": "A",
                    "name": "Place A",
                    "neighbourhoods": [
                        {"code": "A1", "name": "A1", "practices": [{"ods": "P1"}, {"ods": "P2"}]}
                    ],
                },
                {
                    "code": "B",
                    "name": "Place B",
                    "neighbourhoods": [{"code": "B1", "name": "B1", "practices": [{"ods": "P3"}]}],
                },
            ],
        }
    ]
}
_lists = codelists()
CODES = [c for codes in _lists["conditions"].values() for c in codes[:1]]
CODES += [codes[0] for codes in list(efi_deficit_codes().values())[:8]]
CODES += [TYPE1_SNOMED]
READINGS = {  # code -> (low, high) of its value
    _lists["measurements"]["systolic_bp"][0]: (100, 180),
    _lists["measurements"]["diastolic_bp"][0]: (60, 110),
    _lists["measurements"]["hba1c"][0]: (30, 70),
    _lists["measurements"]["egfr"][0]: (30, 90),
    _lists["measurements"]["irregular_pulse"][0]: (0, 0),
}
DIAGNOSES = ("I48", "I10", "J44", "C34", "R07", None)
KEY = b"generative-key"
_runs = itertools.count()

day = st.integers(0, (AS_OF - START).days)
person = st.fixed_dictionaries(
    {
        "born": st.integers(0, 95 * 365),
        "sex": st.sampled_from(["F", "M"]),
        "practice": st.sampled_from(PRACTICES),
        "moved": st.sampled_from([None, *PRACTICES]),
        "died": st.one_of(st.none(), day),
        "lsoa": st.sampled_from(["E01000001", "E01000002", "E01000003"]),
        "ethnicity": st.sampled_from(["White", "Asian", "Black", None]),
        "opted_out": st.booleans(),
    }
)


def event(kinds):
    return st.tuples(st.integers(0, 11), kinds, day, st.integers(0, 1000), st.booleans())


population = st.fixed_dictionaries(
    {
        "people": st.lists(person, min_size=1, max_size=12),
        "gp": st.lists(event(st.sampled_from(CODES + list(READINGS))), max_size=50),
        "apc": st.lists(
            event(st.sampled_from(["emergency", "elective", "maternity"])), max_size=12
        ),
        "ae": st.lists(event(st.booleans()), max_size=10),
        "meds": st.lists(event(st.sampled_from([f"dmd{i}" for i in range(7)])), max_size=25),
    }
)


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = TABLES[name].arrow_schema().append(pa.field("load_seq", pa.int64()))
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema})


def _nhs(i: int) -> str:
    return f"90000{i:05d}"


def raw_tables(pop: dict) -> dict[str, pa.Table]:
    """The population as the raw (unlinked) lake tables, as feeds would load them."""
    people, regs = pop["people"], []
    for i, p in enumerate(people):
        born = AS_OF - timedelta(days=p["born"])
        died = START + timedelta(days=p["died"]) if p["died"] is not None else None
        base = {"nhs_number": _nhs(i), "birth_date": born, "sex": p["sex"], "lsoa": p["lsoa"]}
        base |= {"ethnicity_group": p["ethnicity"], "date_of_death": died, "load_seq": 1}
        base |= {"given_name": f"Given{i}", "family_name": f"Family{i}", "source": "GP"}
        regs.append(base | {"registered_practice": p["practice"], "record_id": f"r{i}"})
        regs[-1]["registration_date"] = date(2010, 1, 1)
        if p["moved"]:
            later = {"registered_practice": p["moved"], "registration_date": date(2024, 6, 1)}
            regs.append(base | later | {"record_id": f"m{i}"})
    demog = {_nhs(i): regs_of(people, i) for i in range(len(people))}
    return {
        "person": _table("person", regs),
        "lsoa_deprivation": _table(
            "lsoa_deprivation",
            [{"lsoa": f"E0100000{d}", "deprivation_decile": d * 3} for d in (1, 2, 3)],
        ),
        "gp_event": _table("gp_event", _events(pop["gp"], people, demog, _gp)),
        "apc_episode": _table("apc_episode", _events(pop["apc"], people, demog, _apc)),
        "ae_attendance": _table("ae_attendance", _events(pop["ae"], people, demog, _ae)),
        "medication": _table("medication", _events(pop["meds"], people, demog, _med)),
        "national_opt_out": _table(
            "national_opt_out",
            [{"nhs_number": _nhs(i)} for i, p in enumerate(people) if p["opted_out"]],
        ),
    }


def regs_of(people, i) -> dict:
    p = people[i]
    born = AS_OF - timedelta(days=p["born"])
    return {"birth_date": born, "sex": p["sex"], "lsoa": p["lsoa"]}


def _events(drawn, people, demog, shape) -> list[dict]:
    rows = []
    for n, (who, kind, offset, number, anonymous) in enumerate(drawn):
        nhs = _nhs(who % len(people))
        ids = demog[nhs] if anonymous else {"nhs_number": nhs}
        when = START + timedelta(days=offset)
        rows.append(
            {"source": "SRC", "record_id": f"e{n}", "load_seq": 1, **ids}
            | shape(kind, when, number)
        )
    return rows


def _gp(code, when, number) -> dict:
    low, high = READINGS.get(code, (None, None))
    value = None if low is None else float(low + number % (high - low + 1))
    return {"snomed_code": code, "event_date": when, "value": value}


def _apc(method, when, number) -> dict:
    primary = DIAGNOSES[number % len(DIAGNOSES)]
    secondary = "I48" if number % 7 == 0 else None
    out = when + timedelta(days=number % 9)
    return {"admission_method": method, "admission_date": when, "discharge_date": out} | {
        "primary_diagnosis": primary,
        "secondary_diagnoses": secondary,
    }


def _ae(admitted, when, _number) -> dict:
    return {"arrival_date": when, "admitted": admitted, "chief_complaint": "fall"}


def _med(code, when, number) -> dict:
    return {"dmd_code": code, "issue_date": when, "quantity": float(number % 60 + 1)}


def linked_lake(con, tables: dict[str, pa.Table]) -> lakeviews.LinkedLake:
    """Register the raw tables, link them, and open the linked lake over the results."""
    run = next(_runs)
    t = {name: register(con, f"g_{name}_{run}", table) for name, table in tables.items()}
    index = linkage.person_index(t["person"], t["lsoa_deprivation"])
    views = {"person": index, "national_opt_out": t["national_opt_out"]}
    for view, name in (("gp_event", "gp_event"), ("apc", "apc_episode"), ("ae", "ae_attendance")):
        views[view] = linkage.link(t[name], index)
    views["medication"] = linkage.link(t["medication"], index)
    return lakeviews.LinkedLake.over(con, views)


def _model() -> risk.RiskModel:
    """A real model (LightGBM and the logistic baseline) fitted on a fixed random frame."""
    rng = np.random.default_rng(3)
    n = 400
    frame = {name: rng.integers(0, 3, n).astype(float) for name in risk.NUMERIC}
    frame |= {name: rng.random(n) < 0.3 for name in risk.FLAGS}
    frame |= {"sex": rng.choice(["F", "M"], n), "ethnicity_group": rng.choice(risk.ETHNIC, n)}
    import pandas as pd

    frame = pd.DataFrame(frame)
    outcome = (frame["emergency_admissions"] + rng.random(n) > 2).astype(int).to_numpy()
    return risk.fit(frame, outcome)


MODEL = None


def results(engine: str, tables, work) -> dict:
    """Every stage's result on one engine, as comparable Python values."""
    global MODEL
    MODEL = MODEL or _model()
    con = connect(engine)
    lake = linked_lake(con, tables)
    folder = work / f"{engine}-{next(_runs)}"
    folder.mkdir(parents=True, exist_ok=True)
    current = runs.profile(lake, AS_OF)
    previous = runs.profile(lake, AS_OF - timedelta(days=365))
    flagged = casefinding.find_cases(lake, AS_OF)
    scored = refresh.score(lake, MODEL, current, folder)
    areas = aggregates.areas_from_spec(SPEC, PRACTICES)
    dashboard, secondary, flagged_sec = refresh._dashboard(
        lake, scored, previous, flagged, areas, KEY, folder
    )
    files = published.direct_care(lake, AS_OF, scored, flagged)
    out = {"dashboard": dashboard, "secondary": secondary}
    named = {"profile": current, "previous": previous, "flagged": flagged, "scored": scored}
    named["flagged_secondary"] = flagged_sec
    named |= {name: table for name, (table, _schema, _order) in files.items()}
    for name, table in named.items():
        out[name] = _rows(table)
    return out


def _rows(table) -> list[tuple]:
    def value(v):
        return round(v, 9) if isinstance(v, float) else v

    rows = table.to_pyarrow().to_pylist()
    return sorted(tuple((k, str(value(v))) for k, v in sorted(r.items())) for r in rows)


@settings(
    max_examples=2,  # each example runs the whole pipeline on both engines (~45 s)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pop=population)
def test_random_populations_give_identical_results_on_duckdb_and_pyspark(pop, tmp_path):
    tables = raw_tables(pop)
    duck = results("duckdb", tables, tmp_path)
    spark = results("pyspark", tables, tmp_path)
    for stage in ("profile", "previous", "flagged", "scored", "people.parquet"):
        assert spark[stage] == duck[stage], stage
    for stage in ("casefinding.parquet", "evidence.parquet", "secondary"):
        assert spark[stage] == duck[stage], stage
    assert spark["dashboard"] == duck["dashboard"]
    assert len(duck["profile"]) <= len(pop["people"])
