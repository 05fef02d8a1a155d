"""What leaves the engine: the run summary (``meta.json``) and the model card
(``model_card.json``), every count through :func:`~engineroom.population.phm.suppression.suppress`;
and the direct-care files (``people.parquet``, ``casefinding.parquet``, ``evidence.parquet``),
written by the engine itself with the columns and types the web app reads.

The risk model's own ``metadata.json`` keeps exact counts beside the model it describes (the
engine's working files, like the lake); these functions make the copies that are published. A rate
is rebuilt from the suppressed counts (:func:`~engineroom.population.phm.suppression.rate`), so multiplying
back cannot recover an exact count; a metric computed on 1-7 people, or on 1-7 people with or
without the outcome, is withheld. Metrics of discrimination and calibration (AUROC, Brier score,
calibration slope) stay as they are.

Every function here is idempotent: publishing an already published card changes nothing. Model
metadata written before the counts were recorded (no ``events``, ``hits``, decile counts) is
published from the counts its rates imply.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pyarrow as pa

from engineroom.population import engine as engines
from engineroom.population import publish as versions
from engineroom.population.phm import casefinding
from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress

SUMMARY_COUNTS = ("people", "secondary_people", "opted_out_excluded")


def summary(run: dict) -> dict:
    """A refresh summary as published: people, opt-outs and case-finding counts suppressed."""
    out = dict(run)
    for key in SUMMARY_COUNTS:
        if key in out:
            out[key] = suppress(out[key])
    out["case_finding"] = {c: suppress(n) for c, n in run.get("case_finding", {}).items()}
    return out


def card(meta: dict) -> dict:
    """The model card as published: the model's metadata without its training parameters, every
    count suppressed and every rate rebuilt on the suppressed counts."""
    out = {k: copy.deepcopy(v) for k, v in meta.items() if k != "lightgbm_params"}
    if "train_people" in meta:
        people = meta["train_people"]
        events = _count(meta, "train_events", "train_outcome_rate", people)
        out["train_people"], out["train_events"] = suppress(people), suppress(events)
        out["train_outcome_rate"] = rate(events, people, 1.0, 4)
    found = meta.get("metrics", {})
    for name in ("gbm", "logistic"):
        if name in found:
            out["metrics"][name] = metrics(found[name])
    for name, sub in (found.get("oracle_subgroups") or {}).items():
        if sub:
            out["metrics"]["oracle_subgroups"][name] = _subgroup(sub)
    if "people" in (found.get("scoring") or {}):
        out["metrics"]["scoring"]["people"] = suppress(found["scoring"]["people"])
    return out


def metrics(found: dict) -> dict:
    """One model's validation metrics as published."""
    out = copy.deepcopy(found)
    people = found["people"]
    events = _count(found, "events", "outcome_rate", people)
    out["people"], out["events"] = suppress(people), suppress(events)
    out["outcome_rate"] = rate(events, people, 1.0, 4)
    out["top"] = [_top(t, events) for t in found["top"]]
    if "at_threshold" in found:
        out["at_threshold"] = _top(found["at_threshold"], events)
    deciles = found["calibration"]["deciles"]
    sizes = _decile_sizes(people, len(deciles))
    out["calibration"]["deciles"] = [_decile(d, n) for d, n in zip(deciles, sizes, strict=True)]
    out["subgroups"] = {name: _subgroup(sub) for name, sub in found["subgroups"].items()}
    return out


def _count(found: dict, key: str, share: str, people):
    """``found[key]``, or for metadata that recorded only the rate, the count it implies."""
    if key in found:
        return found[key]
    return round(found[share] * people)


def _decile_sizes(people, tenths: int) -> list:
    """How many people each tenth held (``numpy.array_split`` of the validation people)."""
    if people == SUPPRESSED or not tenths:
        return [SUPPRESSED] * tenths
    base, extra = divmod(people, tenths)
    return [base + (1 if i < extra else 0) for i in range(tenths)]


def _top(top: dict, events) -> dict:
    """PPV and sensitivity at the top of the list, built on suppressed counts."""
    people = top["people"]
    hits = _count(top, "hits", "ppv", people)
    return {
        **top,
        "people": suppress(people),
        "hits": suppress(hits),
        "ppv": rate(hits, people, 1.0, 4),
        "sensitivity": rate(hits, events, 1.0, 4),
    }


def _decile(decile: dict, size) -> dict:
    """A tenth of predicted risk: the observed rate built on its suppressed counts."""
    people = decile.get("people", size)
    events = _count(decile, "events", "observed", people)
    return {
        **decile,
        "people": suppress(people),
        "events": suppress(events),
        "observed": rate(events, people, 1.0, 4),
    }


def _subgroup(sub: dict) -> dict:
    """AUROC by group, withheld for a group of 1-7 people or with 1-7 people on either side of
    the outcome; the largest gap taken over the AUROCs shown."""
    groups = [_group(g) for g in sub["groups"]]
    shown = [g["auroc"] for g in groups if isinstance(g["auroc"], float)]
    gap = round(max(shown) - min(shown), 4) if shown else None
    return {**sub, "groups": groups, "largest_gap": gap}


def _group(group: dict) -> dict:
    people = group["people"]
    out = {**group, "people": suppress(people)}
    shown = [out["people"]]
    if "events" in group:  # metadata written before events were recorded has people only
        without = group.get("without_outcome")
        without = people - group["events"] if without is None else without
        out["events"], out["without_outcome"] = suppress(group["events"]), suppress(without)
        shown += [out["events"], out["without_outcome"]]
    if SUPPRESSED in shown:
        out["auroc"] = SUPPRESSED
    return out


# -- the results version ---------------------------------------------------------------------


def results_dir(var: str | Path) -> Path:
    return Path(var) / "phm" / "results"


# DIRECT CARE: the identifiable columns the worklists show.
DIRECT_COLUMNS = (
    *("person_id", "birth_date", "sex", "age", "age_band", "ethnicity_group", "practice"),
    *("quintile", "segment", "efi", "efi_category", "risk", "risk_rank", "risk_group"),
    *("emergency_admissions", "ae_attendances", "medicines", "care_home"),
    *("hypertension", "af", "diabetes", "ckd", "copd", "heart_failure", "dementia"),
)
_INTS = ("quintile", "risk_rank", "risk_group", "emergency_admissions", "ae_attendances")
_TYPES = {c: pa.int64() for c in (*_INTS, "medicines")}
_TYPES |= {"birth_date": pa.timestamp("us"), "age": pa.int32()}
_TYPES |= {"efi": pa.float64(), "risk": pa.float64()}
_TYPES |= {c: pa.bool_() for c in ("care_home", *DIRECT_COLUMNS[-7:])}
# The published files' columns and types: the web app reads exactly these.
S, F, B = pa.string(), pa.float64(), pa.bool_()
PEOPLE = pa.schema(
    [
        ("nhs_number", S),
        *((c, _TYPES.get(c, S)) for c in DIRECT_COLUMNS[1:]),
        *((c, S) for c in ("case_finding", "given_name", "family_name")),
    ]
)
CASES = pa.schema(
    [("nhs_number", S), ("condition", S), ("evidence", S), ("latest", pa.timestamp("us"))]
)
EVIDENCE = pa.schema(
    [
        *(("nhs_number", S), ("condition", S), ("event_date", pa.date32()), ("measure", S)),
        *(("value", F), ("value2", F), ("position", S), ("source", S)),
    ]
)


def direct_care(lake, as_of: date, scored, flagged) -> dict:
    """DIRECT CARE: {file name: (Ibis table, schema, order)} for the three identifiable files —
    everyone scored with their flags and names, the flags, and the readings behind them."""
    import ibis

    found = flagged.group_by("person_id").aggregate(
        case_finding=flagged.condition.collect().sort().join(";")
    )
    people = scored.select(*DIRECT_COLUMNS)
    people = people.left_join(found, "person_id").select(people, found.case_finding)
    people = people.left_join(_names(lake), "person_id").drop("person_id_right")
    people = people.rename(nhs_number="person_id")
    missing = people.case_finding.isnull()  # a CASE, not COALESCE: the column stays nullable
    people = people.mutate(case_finding=ibis.ifelse(missing, "", people.case_finding))
    readings = casefinding.evidence(lake, as_of, flagged).rename(nhs_number="person_id")
    order = ["nhs_number", "condition", ibis.desc("event_date"), "measure"]
    return {
        "people.parquet": (people, PEOPLE, ["risk_rank"]),
        "casefinding.parquet": (
            flagged.rename(nhs_number="person_id"),
            CASES,
            ["condition", "nhs_number"],
        ),
        "evidence.parquet": (readings, EVIDENCE, order),
    }


def _names(lake):
    """Each person's given and family name from the linked person index (none for a lake whose
    registrations carried no names)."""
    person = lake.table("person")
    if "given_name" not in person.columns:
        return (
            person.select(person_id=person.nhs_number)
            .distinct()
            .mutate(given_name=ibis_null(), family_name=ibis_null())
        )
    return person.group_by(person_id=person.nhs_number).aggregate(
        given_name=person.given_name.min(), family_name=person.family_name.min()
    )


def ibis_null():
    import ibis

    return ibis.null().cast("string")


def publish(var, lake, files: dict, dashboard: dict, summary_: dict, model_meta: dict) -> str:
    """A new results version, made current atomically (:mod:`engineroom.population.publish`):
    the direct-care files written by the engine, the dashboard, and the run summary and model
    card only through :func:`summary` and :func:`card` (counts suppressed; publishing an already
    published summary changes nothing)."""

    def write(folder: Path, version: str) -> None:
        for name, (table, schema, order) in files.items():
            engines.write_parquet(lake.con, table, folder / name, schema=schema, order=order)
        (folder / "dashboard.json").write_text(json.dumps(dashboard, default=str))
        shown = card(model_meta)
        (folder / "model_card.json").write_text(json.dumps(shown, indent=1, default=str))
        (folder / "meta.json").write_text(
            json.dumps(summary(summary_) | {"version": version}, indent=1)
        )

    return versions.publish(results_dir(var), "r", write)


def feature_windows(meta: dict) -> dict[str, dict[str, float | None]]:
    """Per feature, its mean in the training, validation and scoring windows."""
    m = meta["metrics"]
    windows = {
        "training": meta.get("train_means") or {},
        "validation": m.get("validation_means") or {},
        "scoring": (m.get("scoring") or {}).get("feature_means") or {},
    }
    return {f: {w: means.get(f) for w, means in windows.items()} for f in meta["features"]}
