"""Record store load benchmark (``make bench``; never part of ``make test``): time and size.

Builds a synthetic linked lake of ``--people`` (feeds, ingest, linkage: not timed), or reads
the one in ``--lake VAR``, then loads the record store ``--runs`` times through
``engineroom.record.store.load`` (build in DuckDB, write, swap, delete the retired load) into a
throwaway SQLite database, or the PostgreSQL one ``ENGINEROOM_DATABASE_URL`` names (run it under
``scripts/with-postgres.sh``). Reports the people, entries, seconds per load (and the build's
share of it), people a second, and the size of the store's table. Writes
``benchmarks/results/record-load-<people>-<database>.json``.

    python benchmarks/record/load.py --people 60000 [--runs 2] [--lake VAR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"


def _setup_django(var: Path) -> None:
    os.environ["ENGINEROOM_VAR"] = str(var)
    os.environ.setdefault("ENGINEROOM_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _lake(people: int, var: Path) -> Path:
    from engineroom.population.region import example_spec
    from engineroom.population.synth.build import build_population

    build_population(example_spec(people), var=var, scale=1.0, seed=11, key="bench-record-key")
    return var


def _size() -> int:
    """Bytes the store's table takes (with its indexes)."""
    from django.db import connection

    from engineroom.record.models import PersonRecord

    table = PersonRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        else:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s", [f"%{table}%"])
        return int(cursor.fetchone()[0] or 0)


def _timed_build(lake: Path) -> float:
    """Seconds to build and stream every document without writing (the DuckDB share)."""
    from engineroom.population.record import build

    started = time.perf_counter()
    with build(lake) as built:
        for _batch in built.batches():
            pass
    return time.perf_counter() - started


def _run(lake: Path, runs: int) -> dict:
    from django.db import connection

    from engineroom.record import store

    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        loaded = store.load(lake)
        seconds.append(time.perf_counter() - started)
    return {
        "database": connection.vendor,
        "people": loaded.people,
        "entries": loaded.entries,
        "version": loaded.version,
        "load_seconds": [round(s, 2) for s in seconds],
        "build_only_seconds": round(_timed_build(lake), 2),
        "people_per_second": round(loaded.people / min(seconds)),
        "table_bytes": _size(),
        "entries_by_table": loaded.report["entries_by_table"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--lake", type=Path, help="A var directory with a linked lake to read")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-record-") as tmp:
        work = Path(tmp)
        _setup_django(work)
        lake = args.lake or _lake(args.people, work / "lake-var")
        result = _run(lake, args.runs) | {"python": platform.python_version()}
    name = f"record-load-{result['people']}-{result['database']}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n")
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
