"""Population platform benchmarks (``make bench``; not part of ``make test``).

Each phase runs in its own process so its peak memory (max RSS) is measured alone:

1. generate   synthetic region of N people and every partner feed
2. ingest     our Arrow/vectorised ingestion with full validation (CSV feeds and FHIR separately)
   ingest-parallel  the same, the whole folder at once with one worker process per core
3. pandas     the same CSV validation written plainly in pandas (per-number NHS check)
4. link       load + link + pseudonymised views on DuckDB
5. link-spark the same Ibis linkage on PySpark local[2]
6. link-pandas a plain pandas NHS-number merge (the main rule only) for scale

    python benchmarks/population/run.py --people 1500000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_generate(work: Path, people: int) -> dict:
    from engineroom.population.region import example_spec
    from engineroom.population.synth import generate

    t = time.perf_counter()
    r = generate(example_spec(people), work / "synth", seed=1)
    secs = time.perf_counter() - t
    return {
        "people": r.people,
        "feed_rows": r.feed_rows,
        "files": r.files,
        "seconds": secs,
        "people_per_minute": r.people / secs * 60,
    }


def phase_ingest(work: Path, people: int) -> dict:
    from engineroom.population.ingest import feed_files, ingest_path

    feeds = work / "synth" / "feeds"
    var = work / "var"
    csv_rows = csv_secs = fhir_rows = fhir_secs = 0.0
    for f in feed_files(feeds):
        t = time.perf_counter()
        (r,) = ingest_path(f, var)
        secs = time.perf_counter() - t
        if f.suffix == ".csv":
            csv_rows, csv_secs = csv_rows + r["rows_in"], csv_secs + secs
        else:
            fhir_rows, fhir_secs = fhir_rows + r["rows_in"], fhir_secs + secs
    return {
        "csv_rows": csv_rows,
        "csv_seconds": csv_secs,
        "csv_rows_per_second": csv_rows / csv_secs,
        "fhir_resources": fhir_rows,
        "fhir_seconds": fhir_secs,
        "fhir_resources_per_second": fhir_rows / max(fhir_secs, 1e-9),
    }


def phase_ingest_parallel(work: Path, people: int) -> dict:
    """The whole folder in one call: files parsed in one worker process per core, committed in
    order by the parent. Compare with ``ingest`` (one file at a time, one process)."""
    from engineroom.population.ingest import ingest_path

    t = time.perf_counter()
    reports = ingest_path(work / "synth" / "feeds", work / "var-parallel", workers=os.cpu_count())
    secs = time.perf_counter() - t
    rows = sum(r["rows_in"] for r in reports)
    return {
        "rows": rows,
        "files": len(reports),
        "workers": os.cpu_count(),
        "seconds": secs,
        "rows_per_second": rows / secs,
    }


def phase_pandas(work: Path, people: int) -> dict:
    """Plain pandas: read as text, parse dates, check every NHS number with the nhs-number package."""
    import nhs_number
    import pandas as pd

    rows, t = 0, time.perf_counter()
    for f in sorted((work / "synth" / "feeds").rglob("*.csv")):
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        for col in df.columns:
            if "DATE" in col:
                pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d", errors="coerce")
        if "NHS_NUMBER" in df.columns:
            df["NHS_NUMBER"].map(nhs_number.is_valid)
        df.duplicated(subset=[df.columns[0]])
        rows += len(df)
    secs = time.perf_counter() - t
    return {"csv_rows": rows, "seconds": secs, "rows_per_second": rows / secs}


def _link(work: Path, engine: str) -> dict:
    from engineroom.population.pipeline import run_linkage

    t = time.perf_counter()
    report = run_linkage(var=work / "var", engine=engine, key="benchmark-key")
    secs = time.perf_counter() - t
    rows = sum(v["rows"] for v in report["tables"].values())
    return {
        "people": report["people"],
        "event_rows": rows,
        "unlinked": report["unlinked"],
        "seconds": secs,
        "rows_per_second": rows / secs,
    }


def phase_link(work: Path, people: int) -> dict:
    return _link(work, "duckdb")


def phase_link_spark(work: Path, people: int) -> dict:
    return _link(work, "pyspark")


def phase_link_pandas(work: Path, people: int) -> dict:

    from engineroom.population.lake import Lake

    lake = Lake(work / "var")
    t = time.perf_counter()
    person = lake.read("person").to_pandas()
    index = person.sort_values("registration_date").drop_duplicates("nhs_number", keep="last")[
        ["nhs_number"]
    ]
    rows = linked = 0
    for table in ("gp_event", "medication", "apc_episode", "ae_attendance", "outpatient"):
        ev = lake.read(table).to_pandas()
        merged = ev.merge(index, on="nhs_number", how="left", indicator=True)
        rows += len(ev)
        linked += int((merged["_merge"] == "both").sum())
    secs = time.perf_counter() - t
    return {"event_rows": rows, "linked": linked, "seconds": secs, "rows_per_second": rows / secs}


PHASES = {
    "generate": phase_generate,
    "ingest": phase_ingest,
    "ingest-parallel": phase_ingest_parallel,
    "pandas": phase_pandas,
    "link": phase_link,
    "link-spark": phase_link_spark,
    "link-pandas": phase_link_pandas,
}


def run_phase(name: str, work: Path, people: int) -> dict:
    """Run one phase in a fresh interpreter and return its figures plus peak memory."""
    cmd = [sys.executable, __file__, "--phase", name, "--work", str(work), "--people", str(people)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_500_000)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-population")
    parser.add_argument("--phase", choices=list(PHASES))
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    if args.phase:
        result = PHASES[args.phase](args.work, args.people)
        print(json.dumps({**result, "peak_rss_mib": _peak_mib()}))
        return
    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    results = {
        "people_requested": args.people,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    for name in PHASES:
        if name in args.skip:
            continue
        print(f"{name} ...", file=sys.stderr, flush=True)
        results[name] = run_phase(name, args.work, args.people)
        print(f"  {results[name]}", file=sys.stderr, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"population-{args.people}.json"
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
