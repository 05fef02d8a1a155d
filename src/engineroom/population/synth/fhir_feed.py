"""FHIR R4 NDJSON from partners that send FHIR (a Bulk Data ``$export``-shaped file).

Patient resources carry the NHS number under ``https://fhir.nhs.uk/Id/nhs-number``; each
community contact is an Encounter referring to its Patient. Dirt: a few Encounters carry a status
outside the FHIR value set, which structural parsers accept but our own binding check rejects.
"""

from __future__ import annotations

import json

import numpy as np

from engineroom.population.region import RegionSpec
from engineroom.population.sources import feed_filename
from engineroom.population.synth import params as P
from engineroom.population.synth.activity import Activity
from engineroom.population.synth.feeds import EPOCH, Context
from engineroom.population.synth.partners import assign

NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
BAD_STATUS_RATE = 0.001


def _patient(nhs: int, birth: str, female: bool, district: str) -> str:
    return json.dumps(
        {
            "resourceType": "Patient",
            "id": f"p{nhs}",
            "identifier": [{"system": NHS_SYSTEM, "value": str(nhs)}],
            "gender": "female" if female else "male",
            "birthDate": birth,
            "address": [{"postalCode": district}],
        },
        separators=(",", ":"),
    )


def _encounter(rid: str, nhs: int, day: str, service: str, status: str) -> str:
    return json.dumps(
        {
            "resourceType": "Encounter",
            "id": rid,
            "status": status,
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "HH",
                "display": "home health",
            },
            "type": [{"text": service}],
            "subject": {"reference": f"Patient/p{nhs}"},
            "period": {"start": day},
        },
        separators=(",", ":"),
    )


def fhir_community(ctx: Context, spec: RegionSpec, act: Activity) -> None:
    """One NDJSON file per FHIR-sending trust: the window's encounters and their patients (a
    bulk export of the whole period, so every year's features see community contacts)."""
    org = assign(ctx, spec, "community")
    senders = {t["ods"] for t in spec["trusts"] if t.get("fhir")}
    ev = act.events["community"]
    p = ctx.people
    for ods in sorted(senders):
        rows = np.flatnonzero(org[ev["person"].to_numpy()] == ods)
        person = ev["person"].to_numpy()[rows]
        who = np.unique(person)
        births = ctx.dates(-p["age_days"].to_numpy()[who], ctx.as_of).to_pylist()
        nhs, female, district = (p[c].to_numpy() for c in ("nhs_number", "female", "district"))
        lines = [
            _patient(nhs[i], b, female[i], district[i]) for i, b in zip(who, births, strict=True)
        ]
        days = ctx.dates(ev["day"].to_numpy()[rows]).to_pylist()
        service = np.asarray(P.COMMUNITY_SERVICES)[ctx.rng.integers(0, 6, len(rows))]
        bad = ctx.rng.random(len(rows)) < BAD_STATUS_RATE
        status = np.where(bad, "done", "finished")
        lines += [
            _encounter(f"{ods}-C{r}", nhs[i], d, s, st)
            for r, i, d, s, st in zip(rows, person, days, service, status, strict=True)
        ]
        name = feed_filename("fhir", ods, ctx.as_of, "ndjson")
        (ctx.out / ods).mkdir(parents=True, exist_ok=True)
        (ctx.out / ods / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        ctx.ledger[name] = {"rows": len(lines), "bad_status": int(bad.sum())}
        ctx.rows += len(lines)


__all__ = ["EPOCH", "fhir_community"]
