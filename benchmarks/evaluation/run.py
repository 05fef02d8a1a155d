"""Evaluation benchmark (never part of ``make test``): does the care-home evaluation recover the
effect the generator planted?

For each seed, a synthetic region of ``--people`` people is generated with the planted
enhanced-support intervention (``<var>/synth/oracle/intervention.json``), its feeds ingested and
linked through the real path (``synth.build.build_population``, as the demo does), and the
evaluation the truth file describes is run (``evaluation.planted.evaluate_planted``). Reported
per outcome over the seeds: the coverage of the 95% CI (how often it contains the planted rate
ratio; 0.95 is right), the bias (mean log estimate - log truth) and its Monte Carlo standard
error, and the times (build and evaluation, per seed). Writes
``benchmarks/results/evaluation.json``.

    python benchmarks/evaluation/run.py [--seeds 20] [--people 120000] [--k 1] [--method poisson]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "evaluation.json"
KEY = "benchmark-evaluation-key"


def one_seed(seed: int, people: int, work: Path, options: dict) -> dict:
    """Build one region and evaluate its planted intervention; the region is removed after."""
    from engineroom.population.evaluation.planted import evaluate_planted
    from engineroom.population.region import example_spec
    from engineroom.population.synth.build import build_population

    var = work / f"seed-{seed}"
    began = time.perf_counter()
    build_population(example_spec(people), var=var, seed=seed, key=KEY)
    built = time.perf_counter()
    found = evaluate_planted(var, seed=seed, **options)
    done = time.perf_counter()
    shutil.rmtree(var, ignore_errors=True)
    cohort = found["evaluation"]["cohort"]
    return {
        "seed": seed,
        "build_s": round(built - began, 1),
        "evaluate_s": round(done - built, 1),
        "treated_residents": cohort["treated_residents"],
        "matched_treated": cohort["matched_treated"],
        "comparison_pool": cohort["comparison_pool"],
        "unbalanced": [r["covariate"] for r in found["evaluation"]["balance"] if not r["balanced"]],
        "against_truth": found["against_truth"],
    }


def summarise(runs: list[dict]) -> dict:
    """Per outcome: coverage of the 95% CI, bias of the log rate ratio (with its MC error)."""
    by_outcome: dict[str, list[dict]] = {}
    for run in runs:
        for row in run["against_truth"]:
            by_outcome.setdefault(row["outcome"], []).append(row)
    out = {}
    for outcome, rows in by_outcome.items():
        estimated = [r for r in rows if r["rate_ratio"] is not None]
        errors = [r["log_error"] for r in estimated]
        out[outcome] = {
            "truth": rows[0]["truth"],
            "seeds": len(rows),
            "estimated": len(estimated),
            "coverage_95": round(sum(r["covered"] for r in estimated) / len(estimated), 3)
            if estimated
            else None,
            "bias_log_rr": round(statistics.fmean(errors), 4) if errors else None,
            "bias_mc_se": round(statistics.stdev(errors) / math.sqrt(len(errors)), 4)
            if len(errors) > 1
            else None,
            "mean_rate_ratio": round(
                math.exp(statistics.fmean([math.log(r["rate_ratio"]) for r in estimated])), 4
            )
            if estimated
            else None,
        }
    return out


def _times(runs: list[dict], key: str) -> dict:
    values = [r[key] for r in runs]
    return {"mean": round(statistics.fmean(values), 1), "max": max(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=120_000)
    parser.add_argument("--k", type=int, default=1)
    parser.add_argument("--method", default="poisson", choices=("poisson", "negbin"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    options = {"k": args.k, "method": args.method}
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="evaluation-bench-") as work:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            runs.append(one_seed(seed, args.people, Path(work), options))
            print(json.dumps(_brief(runs[-1])), file=sys.stderr, flush=True)
            result = _result(args, options, runs)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result, indent=1) + "\n")  # after every seed
    print(json.dumps(result["outcomes"], indent=1))
    return 0


def _result(args, options: dict, runs: list[dict]) -> dict:
    return {
        "benchmark": "evaluation: planted care-home intervention recovered",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "people": args.people,
        "seeds_done": len(runs),
        "seeds_asked": args.seeds,
        "options": options,
        "outcomes": summarise(runs),
        "build_s": _times(runs, "build_s"),
        "evaluate_s": _times(runs, "evaluate_s"),
        "runs": runs,
    }


def _brief(run: dict) -> dict:
    keep = ("seed", "build_s", "evaluate_s", "treated_residents", "matched_treated")
    rows = {r["outcome"]: (r.get("rate_ratio"), r.get("covered")) for r in run["against_truth"]}
    return {k: run[k] for k in keep} | rows


if __name__ == "__main__":
    sys.exit(main())
