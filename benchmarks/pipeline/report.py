"""Derived figures of a pipeline run (rates, totals, cost per person, ratios, reconciliation,
targets) and its markdown table (``docs/performance.md``).

    python benchmarks/pipeline/report.py        # the table of every pipeline-*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
PIPELINE = ("ingest-csv", "ingest-fhir", "link", "refresh")  # feeds to published results
UNIT = {
    "generate": ("people", "people/s"),
    "ingest-csv": ("rows", "rows/s"),
    "ingest-fhir": ("rows", "resources/s"),
    "link": ("event_rows", "rows/s"),
    "train": ("train_people", "people/s"),
    "refresh": ("people", "people/s"),
}
SIZES = (150_000, 1_500_000, 5_000_000)


def rate(phase: str, f: dict) -> float:
    return f[UNIT[phase][0]] / f["seconds"]


def line(phase: str, f: dict) -> str:
    return f"{f['seconds']:.1f} s, {rate(phase, f):,.0f} {UNIT[phase][1]}, {f['peak_mib']:,.0f} MiB"


def _engine_phase(results: dict, phase: str, engine: str) -> dict | None:
    found = results["phases"].get(phase, {})
    return found.get(engine) or (found.get("duckdb") if phase.startswith("ingest") else None)


def pipeline(results: dict, engine: str) -> dict | None:
    """Feeds to published results for ``engine`` (PySpark starts from DuckDB's ingest)."""
    parts = {p: _engine_phase(results, p, engine) for p in PIPELINE}
    if any(v is None for v in parts.values()):
        return None
    secs = sum(v["seconds"] for v in parts.values())
    people = parts["link"]["people"]
    return {
        "seconds": secs,
        "peak_mib": max(v["peak_mib"] for v in parts.values()),
        "people": people,
        "microseconds_per_person": secs / people * 1e6,
    }


def _diff(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += _diff(a.get(k), b.get(k), f"{path}/{k}")
        return out
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


RECONCILED = {
    "ingest-csv": lambda f: f["files"],
    "ingest-fhir": lambda f: f["files"],
    "link": lambda f: {k: f[k] for k in ("people", "event_rows", "unlinked")},
    "refresh": lambda f: {k: f[k] for k in ("people", "segments", "case_finding", "dashboard")},
}


def reconcile(results: dict) -> dict:
    """Each phase's outputs, engine against baseline (and DuckDB against PySpark)."""
    out = {}
    for phase, pick in RECONCILED.items():
        got = results["phases"].get(phase, {})
        for a, b in (("duckdb", "pandas"), ("duckdb", "pyspark")):
            if a in got and b in got:
                differ = _diff(pick(got[a]), pick(got[b]))
                out[f"{phase} {a}={b}"] = {"agree": not differ, "differences": differ[:20]}
    return out


def _earlier_costs(people: int, own: float | None) -> dict:
    costs = {people: own} if own else {}
    for n in SIZES:
        path = RESULTS / f"pipeline-{n}.json"
        if n != people and path.exists():
            found = json.loads(path.read_text()).get("pipeline", {}).get("duckdb")
            if found:
                costs[n] = found["microseconds_per_person"]
    return costs


def targets(results: dict) -> list[dict]:
    n = results["people_requested"]
    duck, base = results["pipeline"].get("duckdb"), results["pipeline"].get("pandas")
    csv = _engine_phase(results, "ingest-csv", "duckdb")
    fhir = _engine_phase(results, "ingest-fhir", "duckdb")
    link = _engine_phase(results, "link", "duckdb")
    costs = _earlier_costs(n, duck and duck["microseconds_per_person"])
    at_scale = n == 1_500_000

    def row(target, value, ok, applies=True):
        return {"target": target, "value": value, "pass": bool(ok) if applies else None}

    return [
        row("whole pipeline <= 60 s at 1.5 M people", duck and duck["seconds"],
            duck and duck["seconds"] <= 60, at_scale and duck),
        row(">= 10x the pandas baseline (whole pipeline, same run)",
            duck and base and base["seconds"] / duck["seconds"],
            duck and base and base["seconds"] / duck["seconds"] >= 10, duck and base),
        row("CSV ingest >= 1 M rows/s", csv and rate("ingest-csv", csv),
            csv and rate("ingest-csv", csv) >= 1e6, csv),
        row("FHIR ingest >= 50 k resources/s", fhir and rate("ingest-fhir", fhir),
            fhir and rate("ingest-fhir", fhir) >= 5e4, fhir),
        row("link 1.5 M people within 4 GiB peak", link and link["peak_mib"],
            link and link["peak_mib"] <= 4096, at_scale and link),
        row("cost per person flat within 20% (0.15 M, 1.5 M, 5 M)", costs,
            len(costs) > 1 and max(costs.values()) <= 1.2 * min(costs.values()), len(costs) > 1),
    ]  # fmt: skip


def derive(results: dict) -> None:
    """Rates, pipeline totals, ratios, reconciliation and targets, added to ``results``."""
    for phase, by_engine in results["phases"].items():
        for f in by_engine.values():
            f["rate"] = rate(phase, f)
            f["rate_unit"] = UNIT[phase][1]
    results["pipeline"] = {e: pipeline(results, e) for e in results["engines"]}
    results["pipeline"] = {e: v for e, v in results["pipeline"].items() if v}
    ratios = {}
    for phase in (*PIPELINE, "pipeline"):
        get = (lambda e: results["pipeline"].get(e)) if phase == "pipeline" else (
            lambda e, p=phase: results["phases"].get(p, {}).get(e)
        )  # fmt: skip
        duck, base, spark = get("duckdb"), get("pandas"), get("pyspark")
        if duck and base:
            ratios[f"{phase}: pandas / duckdb"] = base["seconds"] / duck["seconds"]
        if duck and spark:
            ratios[f"{phase}: pyspark / duckdb"] = spark["seconds"] / duck["seconds"]
    results["ratios"] = ratios
    results["reconciliation"] = reconcile(results)
    results["targets"] = targets(results)


def table(results: dict) -> str:
    n = results["people_requested"]
    out = [
        "| people | phase | engine | time | rate | peak memory (tree) |",
        "|---|---|---|---|---|---|",
    ]
    for phase, by_engine in results["phases"].items():
        for engine, f in by_engine.items():
            out.append(
                f"| {n:,} | {phase} | {engine} | {f['seconds']:,.1f} s | "
                f"{f['rate']:,.0f} {f['rate_unit']} | {f['peak_mib']:,.0f} MiB |"
            )
    for engine, p in results["pipeline"].items():
        out.append(
            f"| {n:,} | **whole pipeline** | {engine} | **{p['seconds']:,.1f} s** | "
            f"{p['microseconds_per_person']:,.1f} µs/person | {p['peak_mib']:,.0f} MiB |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    for path in sorted(RESULTS.glob("pipeline-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        print(table(json.loads(path.read_text())))
    sys.exit(0)
