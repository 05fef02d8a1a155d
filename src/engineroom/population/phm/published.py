"""What leaves the engine: the run summary (``meta.json``) and the model card
(``model_card.json``), every count through :func:`~engineroom.population.phm.suppression.suppress`.

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
    return out


def metrics(found: dict) -> dict:
    """One model's validation metrics as published."""
    out = copy.deepcopy(found)
    people = found["people"]
    events = _count(found, "events", "outcome_rate", people)
    out["people"], out["events"] = suppress(people), suppress(events)
    out["outcome_rate"] = rate(events, people, 1.0, 4)
    out["top"] = [_top(t, events) for t in found["top"]]
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
