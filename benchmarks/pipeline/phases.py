"""The pipeline's phases, one per process (``run.py --phase``): the engine through its public
entry points, the pandas baseline through ``pandas_baseline``. Each returns its figures as a
dict; the harness adds wall time and peak memory from outside the process.

Folders under the work folder: ``synth/`` (generated feeds), ``feeds-csv/`` and ``feeds-fhir/``
(links to the feed files of each kind), ``duckdb/`` and ``pyspark/`` (the engine's var, one per
engine), ``pandas/`` (the baseline's tables, linked tables and results).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

KEY = "benchmark-key"


def _spec(people: int) -> dict:
    from engineroom.population.region import example_spec

    return example_spec(people)


def generate(work: Path, people: int, engine: str) -> dict:
    from engineroom.population.synth import generate as synth

    r = synth(_spec(people), work / "synth", seed=1)
    return {"people": r.people, "feed_rows": r.feed_rows, "files": r.files}


def stage(work: Path) -> None:
    """``feeds-csv`` and ``feeds-fhir``: the generated feed files of each kind, linked; every
    engine's earlier results removed (a file already loaded would be a no-op)."""
    feeds = work / "synth" / "feeds"
    for engine in ("duckdb", "pandas", "pyspark"):
        shutil.rmtree(work / engine, ignore_errors=True)
    for ext, folder in (("csv", "feeds-csv"), ("ndjson", "feeds-fhir")):
        shutil.rmtree(work / folder, ignore_errors=True)
        for path in feeds.rglob(f"*.{ext}"):
            target = work / folder / path.relative_to(feeds)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())


def _ingest(work: Path, kind: str, engine: str) -> dict:
    if engine == "pandas":
        from benchmarks.pipeline import pandas_baseline as base

        run = base.ingest_csv if kind == "csv" else base.ingest_fhir
        r = run(work / f"feeds-{kind}", work / "pandas")
        return {"rows": r.get("rows", r.get("resources")), "files": r["files"]}
    from engineroom.population.ingest import ingest_path

    reports = ingest_path(work / f"feeds-{kind}", work / engine)
    files = {r["file"]: {"rows_in": r["rows_in"], "accepted": r["accepted"]} for r in reports}
    return {"rows": sum(r["rows_in"] for r in reports), "files": files}


def ingest_csv(work: Path, people: int, engine: str) -> dict:
    return _ingest(work, "csv", engine)


def ingest_fhir(work: Path, people: int, engine: str) -> dict:
    return _ingest(work, "fhir", engine)


def link(work: Path, people: int, engine: str) -> dict:
    if engine == "pandas":
        from benchmarks.pipeline import pandas_baseline as base

        return base.link(work / "pandas")
    from engineroom.population.pipeline import run_linkage

    r = run_linkage(var=work / engine, engine=engine, key=KEY)
    rows = sum(v["rows"] for v in r["tables"].values())
    return {"people": r["people"], "event_rows": rows, "unlinked": r["unlinked"]}


def train(work: Path, people: int, engine: str) -> dict:
    """The risk model both engines and the baseline score with (not part of the pipeline)."""
    from engineroom.population.phm import training

    meta = training.train(work / engine, engine=engine)
    return {"train_people": meta["train_people"], "version": meta["version"]}


def refresh(work: Path, people: int, engine: str) -> dict:
    steps, last = {}, [time.perf_counter()]

    def progress(name, *_):
        now = time.perf_counter()
        steps[name], last[0] = now - last[0], now

    if engine == "pandas":
        from benchmarks.pipeline import pandas_baseline as base

        from engineroom.population.phm import risk

        model, _meta = risk.load(work / "duckdb")
        found = base.refresh(work / "pandas", model, _spec(people), KEY.encode(), progress)
        return {**found, "steps": steps}
    from engineroom.population.phm.refresh import refresh as run

    run(work / engine, spec=_spec(people), key=KEY, engine=engine, progress=progress)
    return {**published_counts(work / engine), "steps": steps}


def published_counts(var: Path) -> dict:
    """The engine's published results, counted the way the baseline counts its own."""
    import pandas as pd
    from benchmarks.pipeline.pandas_baseline import counts

    from engineroom.population.phm.refresh import current_results

    folder = current_results(var)
    people = pd.read_parquet(folder / "people.parquet", columns=["segment"])
    flagged = pd.read_parquet(folder / "casefinding.parquet", columns=["condition"])
    board = json.loads((folder / "dashboard.json").read_text())
    return counts(people, flagged, board)


PHASES = {
    "generate": generate,
    "ingest-csv": ingest_csv,
    "ingest-fhir": ingest_fhir,
    "link": link,
    "train": train,
    "refresh": refresh,
}


def copy_var(work: Path, source: str, target: str, sub: str = "") -> None:
    """A second engine starts from the same ingested lake (ingest is engine-independent) and
    scores with the same model (``sub="phm/models"``)."""
    shutil.rmtree(work / target / sub, ignore_errors=True)
    shutil.copytree(work / source / sub, work / target / sub, symlinks=True)
    os.sync()
