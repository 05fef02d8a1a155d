"""Secondary-use aggregates by system, place and neighbourhood: every count goes through
:func:`~engineroom.population.phm.suppression.suppress` here, before anything is written or shown.

Input is the *secondary-use* person table: pseudonymised, national data opt-outs and GP type 1
objections removed (see :func:`secondary_people`). Direct-care worklists never feed these.

Every count is computed in the engine, for all areas at once: people are counted per practice
(and quintile, age band, segment...), the practice counts joined to the area table (practice ->
area; a practice sits in one area of each level) and summed per area. Only those small tables
come back to Python, where the dashboard is assembled and suppressed.
"""

from __future__ import annotations

from collections import defaultdict

import ibis

from engineroom.population.phm import casefinding, inequalities, registers, segments, standardise
from engineroom.population.phm.codes import CONDITIONS
from engineroom.population.phm.frailty import CATEGORIES
from engineroom.population.phm.suppression import rate, suppress

PYRAMID_BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
RISK_GROUPS = (("top 0.5%", 0), ("top 1%", 1), ("top 5%", 2))  # risk_group at or below
IDENTIFIERS = ("person_id", "birth_date", "lsoa", "nhs_number")


def secondary_people(
    people: ibis.Table, opted: ibis.Table, type1: ibis.Table, pseudo: ibis.Table
) -> ibis.Table:
    """Drop opt-outs (``opted``: nhs_number) and type 1 objectors (``type1``: person_id), put the
    keyed pseudonym (``pseudo``: nhs_number, pseudo_id) first and drop the identifiers."""
    kept = people.anti_join(opted, people.person_id == opted.nhs_number)
    kept = kept.anti_join(type1, "person_id")
    named = kept.join(pseudo, kept.person_id == pseudo.nhs_number)
    return named.select(
        named.pseudo_id, *(c for c in people.columns if c not in (*IDENTIFIERS, "pseudo_id"))
    )


def areas_from_spec(spec: dict | None, practices) -> list[dict]:
    """[{level, code, name, parent, practices}] for every system, place and neighbourhood."""
    if not spec:
        everyone = {"code": "all", "name": "All registered people"}
        return [_area("system", everyone, None, sorted(set(practices)))]
    out = []
    for system in spec["systems"]:
        sys_practices = []
        for place in system["places"]:
            place_practices = []
            for hood in place["neighbourhoods"]:
                codes = [p["ods"] for p in hood["practices"]]
                place_practices += codes
                out.append(_area("neighbourhood", hood, place["code"], codes))
            sys_practices += place_practices
            out.append(_area("place", place, system["code"], place_practices))
        out.append(_area("system", system, None, sys_practices))
    return out


def _area(level: str, unit: dict, parent: str | None, practices: list[str]) -> dict:
    return {
        "level": level,
        "code": unit["code"],
        "name": unit["name"],
        "parent": parent,
        "practices": practices,
    }


def _key(area: dict) -> str:
    return f"{area['level']}:{area['code']}"


def area_table(areas: list[dict]) -> ibis.Table:
    """(practice, area) for every practice of every area (area = ``<level>:<code>``)."""
    pairs = sorted({(str(p), _key(a)) for a in areas for p in a["practices"]})
    return ibis.memtable(
        {"practice": [p for p, _ in pairs], "area": [a for _, a in pairs]},
        schema=ibis.schema({"practice": "string", "area": "string"}),
    )


def by_area(t: ibis.Table, places: ibis.Table, keys: list[str], counts: dict) -> dict:
    """``counts`` (count expressions over ``t``) per practice and ``keys``, then summed per
    area: {area: [{*keys, *counts}]} -- the only rows that leave the engine."""
    first = t.group_by(["practice", *keys]).agg(**counts)
    joined = first.join(places, "practice")
    summed = joined.group_by(["area", *keys]).agg(**{c: joined[c].sum() for c in counts})
    out = defaultdict(list)
    for row in summed.to_pyarrow().to_pylist():
        out[row.pop("area")].append(row)
    return out


def _people_counts(t: ibis.Table) -> dict:
    """Every per-person count the dashboard needs, counted per quintile."""
    older = t.age >= 65
    return {
        **inequalities.denominators(t),
        **inequalities.numerators(t),
        "core20": t.count(where=t.core20),
        **{f"risk_{g}": t.count(where=t.risk_group <= g) for _, g in RISK_GROUPS},
        **{f"segment_{k}": t.count(where=t.segment == k) for k, _ in segments.SEGMENTS},
        **{f"efi_{c}": t.count(where=older & (t.efi_category == c)) for c in CATEGORIES},
    }


def engine_counts(
    secondary: ibis.Table, flagged: ibis.Table, places: ibis.Table, previous: ibis.Table | None
) -> dict:
    """The small per-area tables the dashboard is built from, each computed in the engine."""
    banded = secondary.mutate(band=ibis.least(secondary.age // 5, 18))
    found = flagged.join(secondary.select("pseudo_id", "practice"), "pseudo_id")
    expected = casefinding.expected(secondary, ["practice"])
    by_band = {**inequalities.denominators(banded), **inequalities.numerators(banded)}
    return {
        "quintiles": by_area(secondary, places, ["quintile"], _people_counts(secondary)),
        "bands": by_area(banded, places, ["quintile", "band"], by_band),
        "registers": registers.counts(secondary),
        "pyramid": by_area(banded, places, ["band", "sex"], {"n": banded.count()}),
        "expected": by_area(expected, places, ["condition"], {"n": expected.expected.sum()}),
        "flagged": by_area(found, places, ["condition"], {"n": found.count()}),
        "previous": None
        if previous is None
        else by_area(previous, places, ["segment"], {"n": previous.count()}),
    }


def _pct(num: int, den: int):
    return rate(num, den, 100.0, 1)


def pyramid(rows: list[dict]) -> list[dict]:
    n = {(r["band"], r["sex"]): r["n"] for r in rows}
    return [
        {
            "band": label,
            "female": suppress(n.get((i, "F"), 0)),
            "male": suppress(n.get((i, "M"), 0)),
        }
        for i, label in enumerate(PYRAMID_BANDS)
    ]


def segment_mix(total: dict, previous: list[dict] | None) -> list[dict]:
    rows = []
    before = None if previous is None else {r["segment"]: r["n"] for r in previous}
    for key, label in segments.SEGMENTS:
        n = total[f"segment_{key}"]
        row = {
            "segment": key,
            "label": label,
            "people": suppress(n),
            "percent": _pct(n, total["n"]),
        }
        if before is not None:
            m = before.get(key, 0)
            everyone = sum(before.values())
            row |= {"previous_people": suppress(m), "previous_percent": _pct(m, everyone)}
        rows.append(row)
    return rows


def frailty_mix(total: dict) -> dict:
    older = total["older"]
    return {
        "denominator": "people aged 65 and over",
        "people": suppress(older),
        "categories": [
            {
                "category": c,
                "people": suppress(total[f"efi_{c}"]),
                "percent": _pct(total[f"efi_{c}"], older),
            }
            for c in CATEGORIES
        ],
    }


def risk_mix(total: dict) -> list[dict]:
    return [
        {"group": label, "people": suppress(n), "percent": _pct(n, total["n"])}
        for label, n in ((label, total[f"risk_{g}"]) for label, g in RISK_GROUPS)
    ]


def _bands(rows: list[dict]) -> dict[int, dict]:
    """{band: {count: n}}, summed over quintiles (bands 0-18: 0-4 ... 90+)."""
    out: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for name, n in row.items():
            if name not in ("quintile", "band"):
                out[row["band"]][name] += n or 0
    return out


def _standardised(bands: dict[int, dict], key: str) -> dict:
    """The DSR (per 100, ESP 2013) of a count ``key`` among everyone, by band."""
    series = range(len(PYRAMID_BANDS))
    events = [bands.get(b, {}).get(key, 0) for b in series]
    return standardise.published(events, [bands.get(b, {}).get("n", 0) for b in series])


def prevalence(
    total: dict, expected: list[dict], flagged: list[dict], bands: dict | None = None
) -> list[dict]:
    """Recorded (crude and age-standardised) against expected prevalence of each condition."""
    everyone = total["n"]
    rows = []
    for cond in casefinding.CONDITIONS:
        recorded = total[f"recorded_{cond}"]
        exp = float(sum(r["n"] or 0.0 for r in expected if r["condition"] == cond))
        undiagnosed = max(exp - recorded, 0.0)
        n_flag = sum(r["n"] for r in flagged if r["condition"] == cond)
        rows.append(
            {
                "condition": cond,
                "label": casefinding.LABELS[cond],
                "registered": suppress(everyone),
                "recorded": suppress(recorded),
                "recorded_percent": _pct(recorded, everyone),
                **_standardised(bands or {}, f"recorded_{cond}"),
                "expected": suppress(round(exp)),
                "expected_percent": _pct(round(exp), everyone),
                "estimated_undiagnosed": suppress(round(undiagnosed)),
                "case_finding_flagged": suppress(n_flag),
            }
        )
    return rows


def _totals(rows: list[dict], names) -> dict:
    return {name: sum(r[name] or 0 for r in rows) for name in names}


def area_summary(counts: dict, area: str) -> dict:
    """One area's suppressed sections from the engine's counts (:func:`engine_counts`)."""
    rows = counts["quintiles"].get(area, [])
    total = _totals(rows, _people_counts_names())
    banded = counts.get("bands", {}).get(area, [])
    by_quintile = defaultdict(dict)
    for row in banded:
        by_quintile[row["quintile"]][row["band"]] = row
    previous = None if counts["previous"] is None else counts["previous"].get(area, [])
    return {
        "population": suppress(total["n"]),
        "core20": {
            "people": suppress(total["core20"]),
            "percent": _pct(total["core20"], total["n"]),
        },
        "pyramid": pyramid(counts["pyramid"].get(area, [])),
        "segments": segment_mix(total, previous),
        "frailty": frailty_mix(total),
        "risk": risk_mix(total),
        "prevalence": prevalence(
            total, counts["expected"].get(area, []), counts["flagged"].get(area, []), _bands(banded)
        ),
        "inequalities": inequalities.from_counts({r["quintile"]: r for r in rows}, by_quintile),
    }


def _people_counts_names() -> list[str]:
    names = ["n", "older", "core20", *(m for m, _, _ in inequalities.MEASURES)]
    names += [f"risk_{g}" for _, g in RISK_GROUPS]
    names += [f"segment_{k}" for k, _ in segments.SEGMENTS]
    return names + [f"efi_{c}" for c in CATEGORIES]


def build(
    secondary: ibis.Table,
    flagged: ibis.Table,
    areas: list[dict],
    previous: ibis.Table | None = None,
) -> dict:
    """{"<level>:<code>": {name, level, parent, ...suppressed sections}} for every area.

    ``secondary`` and ``previous`` (last year's, optional) are secondary-use person tables
    (:func:`secondary_people`, with segment, eFI and risk group); ``flagged`` the case-finding
    flags by pseudonym (pseudo_id, condition)."""
    needed = ["pseudo_id", "practice", "age", "sex", "quintile", "core20", "segment", "efi"]
    needed += ["efi_category", "risk_group", "emergency_admissions", *inequalities.LONG_TERM]
    needed += [c for c in CONDITIONS if c in secondary.columns and c not in needed]
    with secondary.select(*needed).cache() as people:  # read several times: computed once
        counts = engine_counts(people, flagged, area_table(areas), previous)
    return {_key(area): _published_area(area, counts) for area in areas}


def _published_area(area: dict, counts: dict) -> dict:
    """An area's name and place with its suppressed sections; a system's also carries its
    practices' disease registers (:mod:`~engineroom.population.phm.registers`)."""
    out = {
        "level": area["level"],
        "code": area["code"],
        "name": area["name"],
        "parent": area["parent"],
        **area_summary(counts, _key(area)),
    }
    if area["level"] == "system":
        out["registers"] = registers.build(counts["registers"], area["practices"])
    return out
