"""The risk model table (never part of ``make test``): how close the trained model is to the best
achievable on a synthetic region, and how like England the region is.

Reads a region built by the real path (``engineroom synth build`` or the demo; ``--build N``
builds ``example_spec(N)`` first) and its trained model, and writes
``benchmarks/results/risk-model-<people>.json``: AUROC beside the oracle's (the generator's true
hazards) and their ratio, the calibration slope, mean predicted risk at scoring time beside the
oracle's, the AUROC gap across deprivation quintiles (the model's and the oracle's own), PPV and
sensitivity at a predicted risk of 50% beside PARR++, PPV at the top 0.5/1/5%, and the
generator's realism table.

    python benchmarks/risk/run.py --var DIR [--build 1500000] [--retrain]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def table(var: Path) -> dict:
    from engineroom.population.phm import risk

    _model, meta = risk.load(var)
    card = risk.model_card(meta)
    auroc, oracle = card["auroc"], card["oracle_auroc"]
    scoring = card["scoring"] or {}
    truth = (card.get("oracle_subgroups") or {}).get("deprivation_quintile") or {}
    return {
        "validation_people": card["validation_people"],
        "auroc": auroc,
        "oracle_auroc": oracle,
        "ratio": round(auroc / oracle, 4) if auroc and oracle else None,
        "calibration_slope": card["calibration_slope"],
        "mean_predicted": scoring.get("mean_predicted"),
        "oracle_mean": scoring.get("oracle_mean"),
        "predicted_over_oracle": scoring.get("predicted_over_oracle"),
        "imd_auroc_gap": card["largest_auroc_gap"]["deprivation_quintile"],
        "oracle_imd_auroc_gap": truth.get("largest_gap"),
        "at_threshold": card["at_threshold"],
        "top": card["top"],
        "rounds": meta.get("rounds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, required=True)
    parser.add_argument("--build", type=int, default=0, help="build example_spec(N) first")
    parser.add_argument("--retrain", action="store_true", help="train a new model first")
    args = parser.parse_args()
    timings = {}
    if args.build:
        from engineroom.population.phm.demo import ensure_demo
        from engineroom.population.region import example_spec

        began = time.perf_counter()
        ensure_demo(args.var, example_spec(args.build), scale=1.0, seed=11, key="bench-key")
        timings["build_s"] = round(time.perf_counter() - began, 1)
    if args.retrain:
        from engineroom.population.phm.training import train

        began = time.perf_counter()
        train(args.var)
        timings["train_s"] = round(time.perf_counter() - began, 1)
    realism = json.loads((args.var / "synth" / "realism.json").read_text())
    generation = json.loads((args.var / "synth" / "generation.json").read_text())
    found = {"people": generation["people"], **table(args.var), **timings, "realism": realism}
    out = ROOT / "benchmarks" / "results" / f"risk-model-{generation['people']}.json"
    out.write_text(json.dumps(found, indent=1) + "\n")
    print(json.dumps({k: v for k, v in found.items() if k not in ("realism", "top")}, indent=1))


if __name__ == "__main__":
    main()
