"""The long schemathesis run against the FHIR API (``make bench``; never part of ``make test``,
which runs 20 examples an operation in tests/integration/record_fhir).

In a throwaway SQLite database: the factory-made test system and one person with a record of
every kind; then every operation of /fhir/openapi.json, in process, with ``--examples``
generated requests in each generation mode (valid and invalid inputs), with a clinician's
token, with none, and pointed at the person. Any 5xx is a failure. Writes
``benchmarks/results/fhir-schemathesis.json``; exits 1 on a server error.

    python benchmarks/fhir/schemathesis_run.py [--examples 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "fhir-schemathesis.json"
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def _setup(var: Path) -> None:
    os.environ["ENGINEROOM_VAR"] = str(var)
    os.environ.setdefault("ENGINEROOM_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _record() -> tuple[str, str]:
    """(the person's NHS number, a clinician's token) in a fresh test system."""
    from engineroom.record.fhir.tokens import issue_token
    from engineroom.system.models import Organisation
    from factories.accounts import UserFactory
    from factories.record import PersonRecordFactory, entry
    from factories.system import practices_system

    system = practices_system()
    kinds = ("encounter", "condition", "observation", "medication", "allergy", "immunisation")
    entries = [entry(k, "gp", f"2024-0{n + 1}-01", "Y99001", f"c{n}") for n, k in enumerate(kinds)]
    person = PersonRecordFactory(document={"entries": entries})
    gp = UserFactory.with_role(
        "clinician", system=system, organisation=Organisation.objects.get(ods_code="Y99001")
    )
    return person.nhs_number, issue_token(gp, "user/*.read")


def _fixed(operation, nhs: str) -> dict:
    if operation.path.startswith("/fhir/Patient/"):
        return {"path_parameters": {"id": nhs}}
    if operation.path.endswith("/{id}") or "Patient" in operation.path:
        return {}
    return {"query": {"patient": nhs}}


def _run(operation, mode, headers, examples, seed, fixed, statuses, failures) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed
    from hypothesis.errors import Unsatisfiable

    @with_seed(seed)
    @given(case=operation.as_strategy(mode, **fixed))
    @settings(
        max_examples=examples, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    def call(case):
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
            )

    try:
        call()
    except Unsatisfiable:  # nothing invalid to generate (an operation with no parameters)
        statuses["not generated"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="engineroom-fhir-bench-") as var:
        _setup(Path(var))
        import schemathesis
        from schemathesis import GenerationMode

        from engineroom.web.wsgi import application

        nhs, token = _record()
        schema = schemathesis.openapi.from_wsgi("/fhir/openapi.json", application)
        statuses: Counter = Counter()
        failures: list[str] = []
        started = time.perf_counter()
        bearer = {"Authorization": f"Bearer {token}"}
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for headers, fixed in ((bearer, {}), ({}, {}), (bearer, _fixed(operation, nhs))):
                    _run(
                        operation,
                        mode,
                        headers,
                        args.examples,
                        args.seed,
                        fixed,
                        statuses,
                        failures,
                    )
        report = {
            "requests": sum(n for status, n in statuses.items() if isinstance(status, int)),
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
            "server_errors": failures,
            "examples_per_operation_and_mode": args.examples,
            "seconds": round(time.perf_counter() - started, 1),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
