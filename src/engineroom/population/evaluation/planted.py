"""The synthetic generator's planted intervention, and an evaluation's estimates against it.

The generator writes ``<var>/synth/oracle/intervention.json`` (never part of any feed)::

    {"name": ..., "start": "YYYY-MM-DD", "places": [...], "homes": [CQC ids],
     "effects": {"ae_attendances": 0.71, "emergency_admissions": 0.77, "length_of_stay": 1.0}}

so the method can be checked: does the 95% CI cover the planted rate ratio, how far off is it.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

ORACLE = Path("synth") / "oracle" / "intervention.json"


def truth(var: str | Path) -> dict:
    """The planted intervention of the synthetic region under ``var``."""
    path = Path(var) / ORACLE
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: generate a synthetic region with the planted care-home "
            "intervention first (`engineroom synth build`)"
        )
    found = json.loads(path.read_text(encoding="utf-8"))
    missing = {"start", "homes", "effects"} - set(found)
    if missing:
        raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
    return found


def against_truth(results: dict, effects: dict) -> list[dict]:
    """Per planted outcome: the truth, the estimate and CI, whether the CI covers the truth and
    the error on the log scale (log estimate - log truth)."""
    rows = []
    for outcome, planted in effects.items():
        est = results.get(outcome)
        if est is None or not isinstance(est.get("rate_ratio"), float | int):
            rows.append({"outcome": outcome, "truth": planted, "rate_ratio": None})
            continue
        rows.append(
            {
                "outcome": outcome,
                "truth": planted,
                "rate_ratio": est["rate_ratio"],
                "ci_low": est["ci_low"],
                "ci_high": est["ci_high"],
                "covered": bool(est["ci_low"] <= planted <= est["ci_high"]),
                "log_error": math.log(est["rate_ratio"]) - math.log(planted),
            }
        )
    return rows


def evaluate_planted(var: str | Path, **options) -> dict:
    """Run the evaluation the truth file describes and set the estimates against the truth."""
    from engineroom.population.evaluation.report import evaluate

    planted = truth(var)
    start = date.fromisoformat(planted["start"])
    result = evaluate(var, homes=planted["homes"], start=start, **options)
    return {
        "truth": planted,
        "evaluation": result,
        "against_truth": against_truth(result["results"], planted["effects"]),
    }
