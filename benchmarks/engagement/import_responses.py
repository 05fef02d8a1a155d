"""Consultation import benchmark (``make bench``; never part of ``make test``): 18,500 generated
responses (Citizen Space's CSV export, or SmartSurvey's, or XLSX) go through the real two steps,
``imports.upload`` (the file read, its mapping guessed) and ``imports.run`` (every row validated,
free text redacted, responses and answers bulk-created), in under 30 s on SQLite.

In a throwaway SQLite database: a system with the generator's five places and a consultation
with the standard "About you" questions; the guessed mapping is used as it stands (no analyst
edits). Reports the seconds of each step, rows in / accepted / quarantined (they must reconcile)
and the redaction counts beside the personal data the generator planted. Writes
``benchmarks/results/engagement_import.json``; exits 1 over budget or if the counts do not
reconcile.

    python benchmarks/engagement/import_responses.py [--n 18500] [--style citizen_space] [--xlsx]
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
RESULTS = ROOT / "benchmarks" / "results" / "engagement_import.json"
BUDGET_S = 30.0


def _setup_django(var: Path) -> None:
    os.environ["ENGINEROOM_VAR"] = str(var)
    os.environ.setdefault("ENGINEROOM_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _consultation():
    from engineroom.engagement.actions import consultations
    from engineroom.population.consult.generate_people import PLACES
    from engineroom.system.models import Place, Region, System

    region = Region.objects.create(code="bench", name="Benchmark region")
    system = System.objects.create(region=region, code="bench", name="Bench ICS", population=10**6)
    for code, name in PLACES:
        Place.objects.create(system=system, code=code.lower(), name=name, population=10**5)
    return consultations.create_consultation(
        system,
        title="Our plans for community hospitals and urgent care",
        slug="community-hospitals",
        description="Benchmark.",
        standard_questions=True,
        by=None,
    )


def run(n: int, style: str, xlsx: bool, work: Path) -> dict:
    from engineroom.engagement.actions import imports
    from engineroom.engagement.models import Answer, Response
    from engineroom.population.consult import generate

    made = time.perf_counter()
    generated = generate.consultation(n)
    path = work / f"responses.{'xlsx' if xlsx else 'csv'}"
    (generate.write_xlsx if xlsx else generate.write_csv)(generated, path, style=style)
    generated_s = time.perf_counter() - made
    consultation = _consultation()
    content = path.read_bytes()
    started = time.perf_counter()
    upload = imports.upload(consultation, file_name=path.name, content=content, by=None)
    uploaded = time.perf_counter()
    done = imports.run(upload, mapping=upload.mapping, by=None)
    finished = time.perf_counter()
    return {
        "responses": n,
        "style": style,
        "file": path.name,
        "megabytes": round(len(content) / 2**20, 1),
        "generate_s": round(generated_s, 2),
        "upload_s": round(uploaded - started, 2),
        "run_s": round(finished - uploaded, 2),
        "total_s": round(finished - started, 2),
        "rows_in": done.rows_in,
        "accepted": done.accepted,
        "quarantined": done.quarantined,
        "responses_stored": Response.objects.filter(consultation=consultation).count(),
        "answers_stored": Answer.objects.filter(response__consultation=consultation).count(),
        "redactions": done.redactions,
        "planted_pii": generated.pii,
        "mapping": upload.mapping,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=18_500)
    parser.add_argument(
        "--style", default="citizen_space", choices=["citizen_space", "smartsurvey"]
    )
    parser.add_argument("--xlsx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="engineroom-bench-import-") as tmp:
        _setup_django(Path(tmp))
        result = run(args.n, args.style, args.xlsx, Path(tmp))
    reconciles = result["rows_in"] == result["accepted"] + result["quarantined"] == args.n
    result |= {
        "budget_s": BUDGET_S,
        "within_budget": result["total_s"] < BUDGET_S,
        "reconciles": reconciles,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "mapping"}, indent=2))
    return 0 if result["within_budget"] and reconciles else 1


if __name__ == "__main__":
    sys.exit(main())
