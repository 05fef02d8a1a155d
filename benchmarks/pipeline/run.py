"""The whole-pipeline benchmark (``make bench``; never part of ``make test``).

    python benchmarks/pipeline/run.py --people 150000 [--engines duckdb,pandas,pyspark]
        [--phases generate,ingest-csv,ingest-fhir,link,train,refresh] [--work var/bench/150k]

Every (phase, engine) runs in its own process; for each: wall time, rows (or resources, or
people) per second, and the PEAK MEMORY of the process and all its children and workers (the
process tree sampled with psutil every 50 ms — the ingest workers and Spark's JVM included —
and ``getrusage`` of the process and of its waited-for children). The pandas baseline is the
same pipeline in plain pandas on the same feed files, in the same run: the harness reconciles
its outputs with the engine's and records the ratios and the issue's targets, pass or fail.
Results: ``benchmarks/results/pipeline-<N>.json`` (machine, versions, date).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline import phases as P  # noqa: E402
from benchmarks.pipeline import report  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ENGINES = ("duckdb", "pandas", "pyspark")
DEFAULT_PHASES = ("generate", "ingest-csv", "ingest-fhir", "link", "train", "refresh")
SHARED = {"generate": ("numpy",), "train": ("duckdb",)}  # phases with one implementation


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in (proc, *proc.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measure(cmd: list[str]) -> tuple[dict, float, float]:
    """Run ``cmd``; (its last stdout line as JSON, wall seconds, peak tree RSS in MiB)."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                peak[0] = max(peak[0], _tree_rss(proc))
            done.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-4000:]}")
    return json.loads(out.strip().splitlines()[-1]), seconds, peak[0] / 2**20


def child(phase: str, engine: str, work: Path, people: int) -> None:
    """In the phase's own process: run it, print its figures and its own rusage peaks."""
    result = P.PHASES[phase](work, people, engine)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({**result, "rusage_self_mib": own, "rusage_children_mib": kids}, default=str))


def run_phase(phase: str, engine: str, work: Path, people: int) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--engine", engine]
    result, seconds, tree = measure([*cmd, "--work", str(work), "--people", str(people)])
    peak = max(tree, result["rusage_self_mib"] + result["rusage_children_mib"])
    return {**result, "seconds": seconds, "peak_tree_mib": tree, "peak_mib": peak}


def machine() -> dict:
    from importlib.metadata import version

    names = ("duckdb", "ibis-framework", "pyarrow", "pandas", "pyspark", "lightgbm", "polars")
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except Exception:
            continue
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": sys.version.split()[0],
        "platform": __import__("platform").platform(),
        "versions": found,
        "load_average_at_start": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=150_000)
    parser.add_argument("--engines", default="duckdb,pandas,pyspark")
    parser.add_argument("--phases", default=",".join(DEFAULT_PHASES))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--phase", choices=list(P.PHASES))
    parser.add_argument("--engine", default="duckdb")
    args = parser.parse_args()
    work = (args.work or ROOT / "var" / "bench" / f"{args.people // 1000}k").resolve()
    if args.phase:
        child(args.phase, args.engine, work, args.people)
        return
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(
            f"--engines: unknown {', '.join(sorted(unknown))} (known: {', '.join(ENGINES)})"
        )
    results = run_all(work, args.people, engines, args.phases.split(","))
    path = RESULTS / f"pipeline-{args.people}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    print(report.table(results))
    print(path)
    if results.get("errors") or not all(r["agree"] for r in results["reconciliation"].values()):
        sys.exit(f"a phase failed or the baseline and the engine disagree: see {path}")


def run_all(work: Path, people: int, engines: list[str], phases: list[str]) -> dict:
    from datetime import UTC, datetime

    results = {
        "people_requested": people,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "engines": engines,
        "phases": {},
    }
    work.mkdir(parents=True, exist_ok=True)
    for phase in phases:
        if phase == "ingest-csv":
            P.stage(work)
        for engine in SHARED.get(phase, engines):
            if engine == "pyspark" and phase.startswith("ingest"):
                continue  # ingest has one implementation; pyspark starts from duckdb's lake
            if engine == "pyspark" and phase == "link":
                P.copy_var(work, "duckdb", "pyspark")
            engine_arg = "duckdb" if engine == "numpy" else engine
            print(f"{phase} [{engine}] ...", file=sys.stderr, flush=True)
            try:
                figures = run_phase(phase, engine_arg, work, people)
            except RuntimeError as exc:  # recorded; the other phases still run
                results.setdefault("errors", {})[f"{phase} [{engine}]"] = str(exc)[-2000:]
                print(f"  FAILED: {str(exc)[-600:]}", file=sys.stderr, flush=True)
                continue
            results["phases"].setdefault(phase, {})[engine] = figures
            print(f"  {report.line(phase, figures)}", file=sys.stderr, flush=True)
        if phase == "train" and "pyspark" in engines:
            P.copy_var(work, "duckdb", "pyspark", "phm/models")
    report.derive(results)
    return results


if __name__ == "__main__":
    main()
