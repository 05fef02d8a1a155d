"""Which organisation sends what: GP practices, community and mental health trusts, councils
(the acute trusts' feeds are in :mod:`.hospital`)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population.region import RegionSpec
from engineroom.population.synth import dirt, names
from engineroom.population.synth import params as P
from engineroom.population.synth.activity import NEVER, YEARS, Activity
from engineroom.population.synth.feeds import (
    Context,
    by_org,
    choose_code,
    ids,
    secondary_feed,
    strings,
    write,
)
from engineroom.population.synth.health import coded
from engineroom.population.synth.readings import readings

ETHNIC_CODE = {"White": "A", "Asian": "H", "Black": "M", "Mixed": "D", "Other": "S"}


def assign(ctx: Context, spec: RegionSpec, kind: str) -> np.ndarray:
    """Each person's organisation of a kind, chosen among those serving their place ('' if none)."""
    places = ctx.people["place"].to_numpy()
    out = np.full(len(places), "", dtype=object)
    for place in np.unique(places):
        trusts = [t["ods"] for t in spec["trusts"] if t["kind"] == kind and place in t["places"]]
        rows = np.flatnonzero(places == place)
        if trusts:
            out[rows] = np.asarray(trusts, dtype=object)[
                ctx.rng.integers(0, len(trusts), len(rows))
            ]
    return out


def gp_patients(ctx: Context, death_day: np.ndarray) -> None:
    """Registered lists; ~0.3% of people also appear on an old list at another practice."""
    person, practice, since = _registrations(ctx)
    p = ctx.people
    ethnic = np.vectorize(ETHNIC_CODE.get)(p["ethnicity"].to_numpy()[person])
    ethnic = np.where(ctx.rng.random(len(person)) < 0.05, "Z", ethnic)
    dead = death_day[person] < 10**9
    nhs = p["nhs_number"].to_numpy()
    given = names.given_names(nhs, p["female"].to_numpy())
    family = names.family_names(nhs)
    age_days = p["age_days"].to_numpy()[person]
    for org, rows in by_org(practice):
        sel = person[rows]
        cols = {
            "NHS_NUMBER": strings(nhs[sel]),
            "GIVEN_NAME": pa.array(given[sel].astype(str)),
            "FAMILY_NAME": pa.array(family[sel].astype(str)),
            "DATE_OF_BIRTH": ctx.dates(-age_days[rows], ctx.as_of),
            "SEX": pa.array(np.where(p["female"].to_numpy()[sel], "F", "M")),
            "ETHNIC_CATEGORY": pa.array(ethnic[rows]),
            "POSTCODE_DISTRICT": pa.array(p["district"].to_numpy()[sel].astype(str)),
            "LSOA": pa.array(p["lsoa"].to_numpy()[sel].astype(str)),
            "REGISTRATION_DATE": ctx.dates(-since[rows], ctx.as_of),
            "DATE_OF_DEATH": pc.if_else(
                pa.array(dead[rows]), ctx.dates(np.where(dead[rows], death_day[sel], 0)), ""
            ),
        }
        write(ctx, "gp_patients", org, ctx.as_of, cols, **_GP_PATIENTS)


_GP_PATIENTS = {"date_col": "REGISTRATION_DATE", "rates": dirt.GP_RATES}


def _registrations(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per registration: the person (index), the practice, and days registered before the
    extract; everyone's current one, then old ones at another practice, which began earlier."""
    p, rng, n = ctx.people, ctx.rng, len(ctx.people)
    moved = np.flatnonzero(rng.random(n) < 0.003)
    practices = np.unique(p["practice"].to_numpy())
    old = rng.choice(practices, len(moved))
    moved, old = (
        moved[old != p["practice"].to_numpy()[moved]],
        old[old != p["practice"].to_numpy()[moved]],
    )
    person = np.concatenate([np.arange(n), moved])
    practice = np.concatenate([p["practice"].to_numpy(), old])
    age_days = p["age_days"].to_numpy()[person]
    since = (rng.random(len(person)) * np.minimum(age_days, 7300)).astype(int)
    since[n:] = np.minimum(age_days[n:], since[n:] + 3650)  # the old registration began earlier
    return person, practice, since


def _gp_event_rows(ctx: Context, deficits: np.ndarray, palliative: np.ndarray) -> pd.DataFrame:
    """Diagnoses (of what is diagnosed), eFI deficits, palliative care, type 1 objections and
    readings (:mod:`.readings`) as (person, day, code, value)."""
    p, rng, window = ctx.people, ctx.rng, (ctx.as_of - ctx.start).days
    parts = [
        (np.flatnonzero(coded(p, name)), cond["snomed"]) for name, cond in P.CONDITIONS.items()
    ]
    parts += [(np.flatnonzero(deficits[:, j]), code) for j, code in enumerate(P.EFI_CODED.values())]
    parts.append((np.flatnonzero(rng.random(len(p)) < P.TYPE1_P), P.TYPE1_SNOMED))
    frames = []
    for who, code in parts:
        back = (rng.random(len(who)) * np.minimum(p["age_days"].to_numpy()[who], 5475)).astype(int)
        frames.append(
            pd.DataFrame({"person": who, "day": window - back, "code": code, "value": np.nan})
        )
    who = np.flatnonzero(palliative != NEVER)
    frames.append(
        pd.DataFrame(
            {"person": who, "day": palliative[who], "code": P.PALLIATIVE_CARE, "value": np.nan}
        )
    )
    return pd.concat(frames + readings(p, rng), ignore_index=True)


def gp_events(
    ctx: Context, deficits: np.ndarray, palliative: np.ndarray, death_day: np.ndarray
) -> None:
    ev = _gp_event_rows(ctx, deficits, palliative)
    ev = ev[ev["day"].to_numpy() < death_day[ev["person"].to_numpy()]].reset_index(drop=True)
    person = ev["person"].to_numpy()
    practice = ctx.people["practice"].to_numpy()[person]
    value = ev["value"].to_numpy()
    units = ev["code"].map(P.UNITS).fillna("").to_numpy().astype(str)
    for org, rows in by_org(practice):
        has_value = ~np.isnan(value[rows])
        cols = {
            "EVENT_ID": ids(f"{org}-E", len(rows)),
            "NHS_NUMBER": strings(ctx.people["nhs_number"].to_numpy()[person[rows]]),
            "EVENT_DATE": ctx.dates(ev["day"].to_numpy()[rows]),
            "SNOMED_CODE": pa.array(ev["code"].to_numpy()[rows].astype(str)),
            "VALUE": pc.if_else(pa.array(has_value), strings(np.nan_to_num(value[rows])), ""),
            "UNIT": pa.array(units[rows]),
        }
        write(
            ctx,
            "gp_events",
            org,
            ctx.as_of,
            cols,
            date_col="EVENT_DATE",
            code_col=("SNOMED_CODE", "snomed"),
            rates=dirt.GP_RATES,
        )


def gp_medications(
    ctx: Context, med_person: np.ndarray, med: np.ndarray, death_day: np.ndarray
) -> None:
    """Quarterly issues of each repeat medicine over the whole window (so every year's
    features see them), none after death or before birth."""
    window, quarters = (ctx.as_of - ctx.start).days, 4 * YEARS
    person = np.repeat(med_person, quarters)
    drug = np.repeat(med, quarters)
    day = window - (
        np.tile(np.arange(quarters), len(med_person)) * 91 + ctx.rng.integers(0, 90, len(person))
    )
    born = window - ctx.people["age_days"].to_numpy()[person]
    keep = (day < death_day[person]) & (day >= born)
    person, drug, day = person[keep], drug[keep], day[keep]
    codes = np.array([P.fictional_dmd(i) for i in range(len(P.MEDICINES))])
    practice = ctx.people["practice"].to_numpy()[person]
    for org, rows in by_org(practice):
        cols = {
            "ISSUE_ID": ids(f"{org}-M", len(rows)),
            "NHS_NUMBER": strings(ctx.people["nhs_number"].to_numpy()[person[rows]]),
            "ISSUE_DATE": ctx.dates(day[rows]),
            "DMD_CODE": pa.array(codes[drug[rows]]),
            "QUANTITY": pa.array(np.full(len(rows), "56")),
        }
        write(
            ctx,
            "gp_medications",
            org,
            ctx.as_of,
            cols,
            date_col="ISSUE_DATE",
            code_col=("DMD_CODE", "snomed"),
            rates=dirt.GP_RATES,
        )


def contacts(
    ctx: Context,
    spec: RegionSpec,
    act: Activity,
    kind: str,
    feed: str,
    events: str,
    services: list[str],
    skip_fhir: bool = True,
) -> None:
    """Community or mental health contacts from CSV-sending trusts."""
    org = assign(ctx, spec, kind)
    fhir = {t["ods"] for t in spec["trusts"] if t.get("fhir")} if skip_fhir else set()
    org = np.where(np.isin(org, list(fhir) or [""]), "", org)
    ev = act.events[events]
    ev = ev[org[ev["person"].to_numpy()] != ""].reset_index(drop=True)
    service = choose_code(ctx.rng, services, len(ev))

    def build(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        return {
            "CONTACT_DATE": ctx.dates(ev["day"].to_numpy()[rows]),
            "SERVICE_TYPE": pc.take(service, pa.array(rows)),
        }

    secondary_feed(
        ctx, feed, "CARE_CONTACT_ID", org, ev, build, date_col="CONTACT_DATE", two_extracts=False
    )


def councils(ctx: Context, act: Activity) -> None:
    """Adult social care client level data and care home placements, from each council."""
    org = ctx.people["council"].to_numpy().astype(object)
    _social_care_clients(ctx, act, org)
    _care_home_placements(ctx, act, org)


def _social_care_clients(ctx: Context, act: Activity, org: np.ndarray) -> None:
    sc = act.events["social_care"]
    in_home = ctx.people["care_home"].to_numpy()[sc["person"].to_numpy()]
    nursing = ctx.people["dementia"].to_numpy()
    kind = np.where(
        in_home,
        np.where(nursing[sc["person"]], "Nursing care", "Residential care"),
        choose_code(ctx.rng, P.SOCIAL_CARE_SERVICES[:4], len(sc)).to_numpy(zero_copy_only=False),
    )
    length = ctx.rng.integers(30, 900, len(sc))

    def build_cld(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        start, end = sc["day"].to_numpy()[rows], sc["day"].to_numpy()[rows] + length[rows]
        ongoing = in_home[rows] | (end > (extract - ctx.start).days)
        return {
            "EVENT_START_DATE": ctx.dates(start),
            "EVENT_END_DATE": pc.if_else(pa.array(ongoing), "", ctx.dates(end)),
            "SERVICE_TYPE": pa.array(kind[rows]),
        }

    once = {"date_col": "EVENT_START_DATE", "two_extracts": False}
    secondary_feed(ctx, "asc_cld", "SERVICE_ID", org, sc, build_cld, **once)


def _care_home_placements(ctx: Context, act: Activity, org: np.ndarray) -> None:
    ch = act.events["care_home"]
    nursing = ctx.people["dementia"].to_numpy()
    home = ctx.people["home"].to_numpy()[ch["person"].to_numpy()]  # fictional CQC location ids

    def build_home(rows: np.ndarray, extract: date) -> dict[str, pa.Array]:
        person = ch["person"].to_numpy()[rows]
        return {
            "START_DATE": ctx.dates(ch["day"].to_numpy()[rows]),
            "END_DATE": pa.array([""] * len(rows)),
            "CQC_LOCATION_ID": pa.array(home[rows]),
            "NURSING": pa.array(np.where(nursing[person], "Y", "N")),
        }

    once = {"date_col": "START_DATE", "two_extracts": False}
    secondary_feed(ctx, "asc_carehome", "RESIDENCY_ID", org, ch, build_home, **once)
