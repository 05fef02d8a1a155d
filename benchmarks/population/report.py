"""Render benchmarks/results/population-*.json as the markdown table in docs/performance.md."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"


def rows(path: Path) -> list[str]:
    r = json.loads(path.read_text())
    n = r["people_requested"]
    out = []

    def add(what, engine, value, secs, mem):
        out.append(f"| {n:,} | {what} | {engine} | {value} | {secs:,.1f} s | {mem:,.0f} MiB |")

    if "generate" in r:
        g = r["generate"]
        add(
            f"generate {g['feed_rows']:,} feed rows",
            "numpy + pyarrow",
            f"{g['people_per_minute']:,.0f} people/min",
            g["seconds"],
            g["peak_rss_mib"],
        )
    if "ingest" in r:
        i = r["ingest"]
        add(
            f"ingest + validate {i['csv_rows']:,.0f} CSV rows",
            "pyarrow (ours)",
            f"{i['csv_rows_per_second']:,.0f} rows/s",
            i["csv_seconds"],
            i["peak_rss_mib"],
        )
        add(
            f"ingest + validate {i['fhir_resources']:,.0f} FHIR resources",
            "fhir.resources R4B",
            f"{i['fhir_resources_per_second']:,.0f} resources/s",
            i["fhir_seconds"],
            i["peak_rss_mib"],
        )
    if "ingest-parallel" in r:
        i = r["ingest-parallel"]
        add(
            f"ingest + validate all {i['rows']:,.0f} rows (CSV + FHIR)",
            f"pyarrow (ours), {i['workers']} processes",
            f"{i['rows_per_second']:,.0f} rows/s",
            i["seconds"],
            i["peak_rss_mib"],  # the parent's; each worker holds one file at a time
        )
    if "pandas" in r:
        p = r["pandas"]
        add(
            "same CSV validation, plain pandas",
            "pandas",
            f"{p['rows_per_second']:,.0f} rows/s",
            p["seconds"],
            p["peak_rss_mib"],
        )
    for key, engine in (("link", "Ibis on DuckDB"), ("link-spark", "Ibis on PySpark local[2]")):
        if key in r:
            k = r[key]
            add(
                f"load + link {k['event_rows']:,} rows, {k['people']:,} people",
                engine,
                f"{k['rows_per_second']:,.0f} rows/s",
                k["seconds"],
                k["peak_rss_mib"],
            )
    if "link-pandas" in r:
        k = r["link-pandas"]
        add(
            f"NHS-number merge only, {k['event_rows']:,} rows",
            "plain pandas",
            f"{k['rows_per_second']:,.0f} rows/s",
            k["seconds"],
            k["peak_rss_mib"],
        )
    return out


if __name__ == "__main__":
    print("| people | task | engine | rate | time | peak memory |")
    print("|---|---|---|---|---|---|")
    for path in sorted(RESULTS.glob("population-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        print("\n".join(rows(path)))
    sys.exit(0)
