"""Load benchmark (``make bench``; never part of ``make test``): 200 people at once on gunicorn.

On loopback only: a throwaway PostgreSQL (scripts/with-postgres.sh), a demo world built into it
(``engineroom demo --population-scale 0.01``), ``engineroom serve`` (gunicorn, default workers),
then Locust, headless, runs 200 people signed in as the demo accounts (every role alike) over
the pages each may open (``plan.py``) for a bounded time. Writes p50/p95/p99, throughput and error
counts to ``benchmarks/results/load.json``; exits 1 on any error.

    python benchmarks/load/run.py [--users 200] [--seconds 60] [--scale 0.01]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "benchmarks" / "results" / "load.json"
BIN = Path(sys.executable).parent
ACCESS = re.compile(r'" (\d{3}) \S+ (\d+)ms$', re.MULTILINE)  # web/gunicorn.py access_log_format


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=float, default=0.01, help="demo population scale")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: default)")
    args = parser.parse_args()
    if "ENGINEROOM_DATABASE_URL" not in os.environ:  # run again inside a throwaway PostgreSQL
        script = ROOT / "scripts" / "with-postgres.sh"
        os.execv(script, [str(script), sys.executable, __file__, *sys.argv[1:]])
    with tempfile.TemporaryDirectory(prefix="engineroom-load-") as var:
        result = run(args, Path(var))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    total = result["total"]
    print(
        f"{total['requests']:,} requests, {total['failures']} failures, "
        f"{total['requests_per_s']} req/s; p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms, "
        f"p99 {total['p99_ms']} ms -> {RESULTS.relative_to(ROOT)}"
    )
    sys.exit(1 if total["failures"] or result["server_errors"] else 0)


def run(args, var: Path) -> dict:
    env = os.environ | {"ENGINEROOM_DEMO": "1", "ENGINEROOM_VAR": str(var)}
    timings = {}
    for name, command in [
        ("migrate", ["manage", "migrate", "--", "--verbosity", "0"]),
        ("demo", ["demo", "--population-scale", str(args.scale)]),
        ("collectstatic", ["manage", "collectstatic", "--", "--noinput", "--verbosity", "0"]),
    ]:
        timings[name] = timed(lambda c=command: engineroom(c, env))
    plan = var / "plan.json"
    with plan.open("w") as out:
        timings["plan"] = timed(
            lambda: subprocess.run(
                [sys.executable, HERE / "plan.py", str(args.users)], env=env, stdout=out, check=True
            )
        )
    pages = json.loads(plan.read_text())["pages"]
    port, log = free_port(), var / "server.log"
    serve = ["serve", "--address", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    with log.open("w") as out:
        server = subprocess.Popen(
            [BIN / "engineroom", *serve], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_serving(port, server, log)
        stats = locust(args, port, plan, var, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    served = log.read_text()
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
        "database": "PostgreSQL (throwaway, fsync off)",
        "server": f"engineroom serve: gunicorn, {args.workers or 2 * os.cpu_count() + 1} workers",
        "users": args.users,
        "seconds": args.seconds,
        "wait_s": [2, 8],
        "population_scale": args.scale,
        "accounts": {user: len(p) for user, p in pages.items()},
        "setup_s": timings,
        **server_side(served),
        **stats,
    }


def server_side(log: str) -> dict:
    """From gunicorn's access log: time spent in the application (no queueing), and errors."""
    lines = ACCESS.findall(log)
    times = sorted(int(ms) for _status, ms in lines)

    def at(share: float):
        return times[min(len(times) - 1, int(share * len(times)))] if times else None

    return {
        "server_errors": sum(status.startswith("5") for status, _ in lines)
        + log.count("WORKER TIMEOUT"),
        "in_application_ms": {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99)},
    }


def locust(args, port: int, plan: Path, var: Path, env: dict) -> dict:
    prefix = var / "locust"
    command = [
        *(BIN / "locust", "-f", getattr(args, "locustfile", HERE / "locustfile.py")),
        *("--headless", "--only-summary"),
        *("--host", f"http://127.0.0.1:{port}", "--users", str(args.users)),
        *("--spawn-rate", "20", "--run-time", f"{args.seconds}s", "--csv", prefix),
        "--stop-timeout",
        "30",
    ]
    load_env = env | {"LOAD_PLAN": str(plan)}
    subprocess.run([str(c) for c in command], env=load_env, check=False)
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    pages = {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"}
    total = next(figures(r) for r in rows if r["Name"] == "Aggregated")
    slowest = sorted(pages.items(), key=lambda kv: -kv[1]["p95_ms"])[:10]
    return {"total": total, "slowest_pages_by_p95": dict(slowest), "pages": pages}


def figures(row: dict) -> dict:
    def number(name: str):
        value = row[name]
        return None if value in ("", "N/A") else round(float(value))

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_s": round(float(row["Requests/s"]), 1),
        "p50_ms": number("50%"),
        "p95_ms": number("95%"),
        "p99_ms": number("99%"),
        "max_ms": number("Max Response Time"),
    }


def engineroom(command: list[str], env: dict) -> None:
    subprocess.run([BIN / "engineroom", *command], env=env, check=True)


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return round(time.perf_counter() - start, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    for _ in range(240):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=10):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not start:\n{log.read_text()}")


if __name__ == "__main__":
    main()
