"""Record latency benchmark (``make bench``; never in ``make test``): a ward round at scale.

On loopback: a throwaway PostgreSQL (scripts/with-postgres.sh), the shared record store loaded
from a linked lake (``engineroom record load``, timed, with the tables' size on disk), the
production server (``engineroom serve``: gunicorn), then Locust, headless, runs USERS clinicians
at once, each opening record pages, ``Patient/$everything`` and Patient searches by NHS number
for people registered with their practice (``locustfile.py``), with 2-8 s between requests.
Writes p50/p95/p99 per request, in-application times from gunicorn's log and the load figures to
``benchmarks/results/record-latency.json``; exits 1 on any failure or server error.

    python benchmarks/record/latency.py --lake var/m1500 [--users 50] [--seconds 60]

The lake is a var folder with a linked lake (e.g. ``engineroom synth build`` then ``link`` at
1.5 M people). Targets (issue 15): record page and $everything p99 <= 50 ms, search <= 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "load"))
import run as load_run  # noqa: E402  (the load benchmark's server, Locust and log helpers)

RESULTS = ROOT / "benchmarks" / "results" / "record-latency.json"
TARGETS_MS = {"record page": 50, "Patient/$everything": 50, "Patient?identifier": 20}
PUBLISHED = {
    "Medplum": "15 x 4 vCPU servers: about 6,700 mixed requests/s at 167 ms average",
    "Blaze": "one large server: 5,300-18,000 small transactions/s",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lake", type=Path, required=True, help="var folder with a linked lake")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: default)")
    args = parser.parse_args()
    if "ENGINEROOM_DATABASE_URL" not in os.environ:  # run again inside a throwaway PostgreSQL
        script = ROOT / "scripts" / "with-postgres.sh"
        os.execv(script, [str(script), sys.executable, __file__, *sys.argv[1:]])
    with tempfile.TemporaryDirectory(prefix="engineroom-record-") as var:
        result = run(args, Path(var))  # site state in a throwaway folder; PHM results: the lake
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for name, page in result["pages"].items():
        print(
            f"{name}: {page['requests']:,} requests, p50 {page['p50_ms']} ms, "
            f"p99 {page['p99_ms']} ms (target {TARGETS_MS.get(name)} ms)"
        )
    print(f"-> {RESULTS.relative_to(ROOT)}")
    failed = result["total"]["failures"] or result["server_errors"]
    sys.exit(1 if failed else 0)


def run(args, var: Path) -> dict:
    env = os.environ | {"ENGINEROOM_DEMO": "1", "ENGINEROOM_VAR": str(var)}
    env["ENGINEROOM_PHM_VAR"] = str(args.lake.resolve())  # the record page shows its PHM flags
    timings = {}
    timings["migrate"] = load_run.timed(
        lambda: load_run.engineroom(["manage", "migrate", "--", "--verbosity", "0"], env)
    )
    out = var / "load.json"
    with out.open("w") as stream:
        timings["store_load"] = load_run.timed(
            lambda: subprocess.run(
                [load_run.BIN / "engineroom", "record", "load", "--var", str(args.lake), "--json"],
                env=env,
                stdout=stream,
                check=True,
            )
        )
    load_report = json.loads(out.read_text())
    timings["collectstatic"] = load_run.timed(
        lambda: load_run.engineroom(
            ["manage", "collectstatic", "--", "--noinput", "--verbosity", "0"], env
        )
    )
    plan = var / "plan.json"
    with plan.open("w") as stream:
        subprocess.run(
            [sys.executable, HERE / "latency_plan.py", str(args.users)],
            env=env,
            stdout=stream,
            check=True,
        )
    stats, served = serve_and_load(args, var, plan, env)
    planned = json.loads(plan.read_text())
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
        "database": "PostgreSQL (throwaway, fsync off)",
        "server": f"engineroom serve: gunicorn, {args.workers or 2 * os.cpu_count() + 1} workers",
        "users": args.users,
        "seconds": args.seconds,
        "wait_s": [2, 8],
        "store": {**load_report, "size": planned["size"], "setup_s": timings},
        "practice_registered": planned["registered"],
        "targets_ms_p99": TARGETS_MS,
        "published_for_scale": PUBLISHED,
        **load_run.server_side(served),
        **stats,
    }


def serve_and_load(args, var: Path, plan: Path, env: dict) -> tuple[dict, str]:
    port, log = load_run.free_port(), var / "server.log"
    serve = ["serve", "--address", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    with log.open("w") as out:
        server = subprocess.Popen(
            [load_run.BIN / "engineroom", *serve], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        load_run.wait_until_serving(port, server, log)
        args.locustfile = HERE / "locustfile.py"
        stats = load_run.locust(args, port, plan, var, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return stats, log.read_text()


if __name__ == "__main__":
    main()
