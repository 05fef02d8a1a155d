"""What the acute trusts send: SUS admitted patient care spells, ECDS attendances, SUS outpatients."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population.region import RegionSpec
from engineroom.population.synth import params as P
from engineroom.population.synth.activity import Activity
from engineroom.population.synth.feeds import Context, choose_code, secondary_feed
from engineroom.population.synth.partners import assign

CONDITION_NAMES = list(P.CONDITIONS)


def acute(ctx: Context, spec: RegionSpec, act: Activity) -> None:
    """Every acute feed; the random draws happen in a fixed order, so a seed gives one result."""
    org = assign(ctx, spec, "acute")
    apc, method = _admissions(ctx, org, act)
    _attendances(ctx, org, act, apc, method)
    _outpatients(ctx, org, act)


def _admissions(ctx: Context, org: np.ndarray, act: Activity) -> tuple[pd.DataFrame, np.ndarray]:
    """SUS APC spells; returns the spells and their admission methods (21 = via A&E)."""
    rng = ctx.rng
    kinds = ("emergency", "elective", "maternity")
    apc = pd.concat([act.events[k].assign(kind=k) for k in kinds], ignore_index=True)
    kind = apc["kind"].to_numpy()
    via = P.VIA_AE_SHARE
    method = np.select(
        [kind == "emergency", kind == "elective"],
        [
            rng.choice(["21", "22", "23", "28"], len(apc), p=[via, 0.15, 0.05, 0.8 - via]),
            rng.choice(["11", "12", "13"], len(apc)),
        ],
        "31",
    )
    los = apc["los"].to_numpy()
    primary, secondary = _diagnoses(ctx, apc["person"].to_numpy())
    births = np.asarray(P.ICD10_MATERNITY)[rng.integers(0, len(P.ICD10_MATERNITY), len(apc))]
    primary = pa.array(
        np.where(kind == "maternity", births, primary.to_numpy(zero_copy_only=False))
    )

    def build_apc(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        start = apc["day"].to_numpy()[rows]
        end = start + los[rows]
        ended = end <= (extract - ctx.start).days
        return {
            "START_DATE_HOSPITAL_PROVIDER_SPELL": ctx.dates(start),
            "DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL": pc.if_else(
                pa.array(ended), ctx.dates(end), ""
            ),
            "ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL": pa.array(method[rows]),
            "PRIMARY_DIAGNOSIS_ICD": pc.take(primary, pa.array(rows)),
            "SECONDARY_DIAGNOSIS_ICD": pc.take(secondary, pa.array(rows)),
        }

    secondary_feed(
        ctx,
        "sus_apc",
        "HOSPITAL_PROVIDER_SPELL_NUMBER",
        org,
        apc,
        build_apc,
        date_col="START_DATE_HOSPITAL_PROVIDER_SPELL",
        code_col=("PRIMARY_DIAGNOSIS_ICD", "icd10"),
    )
    return apc, method


def _diagnoses(ctx: Context, person: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Primary: one of the person's conditions (60%) or a general cause; secondary: the others."""
    cond = np.stack([ctx.people[c].to_numpy()[person] for c in CONDITION_NAMES], axis=1)
    score = ctx.rng.random(cond.shape) * cond
    pick = score.argmax(axis=1)
    codes = np.array([P.ICD10_BY_CONDITION[c] for c in CONDITION_NAMES])
    use = cond.any(axis=1) & (ctx.rng.random(len(person)) < 0.6)
    general = np.asarray(P.ICD10_GENERAL)[ctx.rng.integers(0, len(P.ICD10_GENERAL), len(person))]
    primary = np.where(use, codes[pick], general)
    secondary = np.full(len(person), "", dtype=object)
    for j, code in enumerate(codes):  # (pyarrow's join with null_handling="skip" drops rows)
        secondary = secondary + np.where(cond[:, j] & ~(use & (pick == j)), code + ";", "")
    return pa.array(primary), pc.utf8_rtrim(pa.array(secondary.astype(str)), ";")


def _attendances(
    ctx: Context, org: np.ndarray, act: Activity, apc: pd.DataFrame, method: np.ndarray
) -> None:
    """ECDS: emergency admissions via A&E are attendances too, marked admitted."""
    via_ae = apc[method == "21"][["person", "day"]].assign(admitted=True)
    ae = pd.concat([via_ae, act.events["ae"].assign(admitted=False)], ignore_index=True)
    complaint = choose_code(ctx.rng, P.CHIEF_COMPLAINTS, len(ae))
    admitted = np.where(ae["admitted"], "Y", "N")

    def build_ae(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        return {
            "ARRIVAL_DATE": ctx.dates(ae["day"].to_numpy()[rows]),
            "EC_CHIEF_COMPLAINT_SNOMED_CT": pc.take(complaint, pa.array(rows)),
            "DECISION_TO_ADMIT": pa.array(admitted[rows]),
        }

    secondary_feed(
        ctx,
        "ecds",
        "EC_ATTENDANCE_ID",
        org,
        ae,
        build_ae,
        date_col="ARRIVAL_DATE",
        code_col=("EC_CHIEF_COMPLAINT_SNOMED_CT", "snomed"),
    )


def _outpatients(ctx: Context, org: np.ndarray, act: Activity) -> None:
    """SUS outpatient appointments, attended or not."""
    op = act.events["outpatient"]
    tfc = choose_code(ctx.rng, P.TREATMENT_FUNCTIONS, len(op))
    attend = ctx.rng.choice(["5", "6", "3", "2", "4"], len(op), p=[0.88, 0.04, 0.05, 0.02, 0.01])

    def build_op(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        return {
            "APPOINTMENT_DATE": ctx.dates(op["day"].to_numpy()[rows]),
            "TREATMENT_FUNCTION_CODE": pc.take(tfc, pa.array(rows)),
            "ATTENDED_OR_DID_NOT_ATTEND": pa.array(attend[rows]),
        }

    secondary_feed(
        ctx,
        "sus_op",
        "APPOINTMENT_ID",
        org,
        op,
        build_op,
        date_col="APPOINTMENT_DATE",
        code_col=("TREATMENT_FUNCTION_CODE", "tfc"),
    )
