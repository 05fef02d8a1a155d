"""Regional oversight benchmark (``make bench``; never part of ``make test``): the region summary
for 42 systems x 31 measures (the catalogue) x 60 months renders in under 1 s.

In a throwaway SQLite database: a region of ``--systems`` systems, each with every catalogue
measure for ``--months`` months (a random walk with a step, so charts have signals), imported
through the real statistics import (a CSV file of 42 x 26 x 60 rows; the five measures computed
in Engine Room, from the lake and the finance returns, go in through ``record_computed``), which
also writes the SPC summaries, the triggers' firings and the segments (timed, reported, not
budgeted). Then the regulator's region page is requested
through Django's test client ``--runs`` times (the whole request: middleware, queries, template).

The baseline, in the same process on the same data: the same rows with every series' SPC drawn
in the request instead of read from the stored summaries (what the page would cost without them).
Writes ``benchmarks/results/oversight-region.json``; exits 1 over budget.

    python benchmarks/oversight/region.py [--systems 42] [--months 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "oversight-region.json"
BUDGET_S = 1.0
END = dt.date(2026, 10, 1)


def _setup_django(var: Path) -> None:
    os.environ["ENGINEROOM_VAR"] = str(var)
    os.environ.setdefault("ENGINEROOM_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # the page as served, less the collected static manifest (a served site has one)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def _walk(rng: random.Random, level: float, months: int, unit: str) -> list[float]:
    """A random walk around ``level`` with a step part way, kept in range for percentages."""
    step_at, step = rng.randrange(months // 2, months), rng.uniform(-0.08, 0.08) * level
    values, x = [], level
    for i in range(months):
        x += rng.gauss(0, 0.01 * level)
        value = x + (step if i >= step_at else 0)
        values.append(round(min(max(value, 0.0), 100.0) if unit == "percent" else value, 2))
    return values


def _region(systems: int):
    from engineroom.accounts.models import Membership, User
    from engineroom.system.models import Region, System

    region = Region.objects.create(code="bench", name="Benchmark region")
    made = [
        System.objects.create(
            region=region, code=f"bench-{i:02d}", name=f"Benchmark ICS {i:02d}", population=10**6
        )
        for i in range(systems)
    ]
    user = User.objects.create(username="regulator", full_name="Reg Bench")
    Membership.objects.create(user=user, role="regulator", region=region)
    return region, made, user


def _statistics(made, months: int, seed: int = 16) -> tuple[bytes, dict]:
    from engineroom.oversight.catalogue import measures
    from engineroom.web import periods

    rng = random.Random(seed)
    start = periods.add_months(END, 1 - months)
    lines, lake = ["system_code,measure_code,month,numerator,denominator,value"], {}
    for system in made:
        for code, m in measures().items():
            level = {"percent": 70.0, "minutes": 25.0, "count": 5000.0}.get(m.unit, 1e6)
            values = _walk(rng, level, months, m.unit)
            months_ = [periods.add_months(start, i) for i in range(months)]
            if m.computed:
                lake.setdefault((system.pk, m.source), []).extend(
                    {"measure": code, "month": d, "value": v}
                    for d, v in zip(months_, values, strict=True)
                )
                continue
            lines += [
                f"{system.code},{code},{d:%Y-%m},,,{v}"
                for d, v in zip(months_, values, strict=True)
            ]
    return ("\n".join(lines) + "\n").encode(), lake


def _load(region, made, user, months: int) -> dict:
    from engineroom.oversight import actions

    content, lake = _statistics(made, months)
    actions.save_trigger(
        region=region,
        measure="ae_4h",
        condition="special_cause_concern",
        months=2,
        against="interim",
        consequence="enhanced monitoring",
        intensive=False,
        active=True,
        by=user,
    )
    started = time.perf_counter()
    done = actions.import_statistics(content, file_name="bench.csv", systems=made, by=user)
    imported = time.perf_counter() - started
    for (pk, source), rows in lake.items():
        system = next(s for s in made if s.pk == pk)
        actions.record_computed(system, rows, source=source, by=user)
    return {
        "rows": done.rows_in + sum(len(v) for v in lake.values()),
        "accepted": done.accepted,
        "quarantined": done.quarantined,
        "import_and_refresh_s": round(imported, 1),
        "with_computed_measures_s": round(time.perf_counter() - started, 1),
    }


def _page_times(client, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return times


def _baseline_times(region, runs: int) -> list[float]:
    """The same rows, with every series' chart drawn in the request (no stored summaries)."""
    from engineroom.oversight import queries, rules
    from engineroom.oversight.actions.refresh import series_of
    from engineroom.oversight.catalogue import measure

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = queries.region_rows(region)
        for row in rows:
            for code, (months, values) in series_of(row.system).items():
                rules.read(measure(code), months, values)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oversight-") as work:
        _setup_django(Path(work))
        from django.test import Client

        region, made, user = _region(args.systems)
        loaded = _load(region, made, user, args.months)
        client = Client()
        client.force_login(user)
        path = f"/regions/{region.code}/oversight/"
        _page_times(client, path, 1)  # the first request loads templates and the URLconf
        page = _page_times(client, path, args.runs)
        baseline = _baseline_times(region, args.runs)
    from engineroom.oversight.catalogue import measures

    median, base = statistics.median(page), statistics.median(baseline)
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
        "systems": args.systems,
        "measures": len(measures()),
        "months": args.months,
        "load": loaded,
        "budget_s": BUDGET_S,
        "region_page_s": {"median": round(median, 3), "max": round(max(page), 3)},
        "baseline_spc_in_request_s": {"median": round(base, 3)},
        "speed_up": round(base / median, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    if median > BUDGET_S:
        print(f"over budget: {median:.2f} s > {BUDGET_S} s", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
