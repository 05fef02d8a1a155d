"""Worklists link each person to their record, and the record page shows the person's population health flags for direct care: risk, frailty,
segment and each case-finding flag with the readings behind it, from the published results."""

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from engineroom.population.phm import published
from engineroom.population_health import public as population
from engineroom.system.models import Organisation
from factories.accounts import UserFactory
from factories.record import PersonRecordFactory

NHS = "9434765919"


def write_results(var, people: list[dict], evidence: list[dict]) -> None:
    """A published results version with the engine's own schemas (published.PEOPLE/EVIDENCE)."""
    folder = var / "phm" / "results" / "v1"
    folder.mkdir(parents=True)
    full = [{name: row.get(name) for name in published.PEOPLE.names} for row in people]
    pq.write_table(pa.Table.from_pylist(full, schema=published.PEOPLE), folder / "people.parquet")
    rows = [{name: row.get(name) for name in published.EVIDENCE.names} for row in evidence]
    table = pa.Table.from_pylist(rows, schema=published.EVIDENCE)
    pq.write_table(table, folder / "evidence.parquet")
    (folder / "meta.json").write_text(json.dumps({"as_of": "2025-03-31"}))
    (var / "phm" / "results" / "CURRENT").write_text("v1")


@pytest.fixture
def results(settings, tmp_path):
    settings.PHM_VAR = str(tmp_path)
    person = {
        "nhs_number": NHS,
        "practice": "Y99001",
        "risk": 0.42,
        "risk_group": 0,
        "efi": 0.31,
        "efi_category": "moderate",
        "segment": "frailty_dementia",
        "case_finding": "hypertension",
    }
    other = person | {"nhs_number": "9000000009", "case_finding": ""}
    reading = {
        "nhs_number": NHS,
        "condition": "hypertension",
        "event_date": dt.date(2025, 2, 1),
        "measure": "blood_pressure",
        "value": 162.0,
        "value2": 98.0,
        "source": "Y99001",
    }
    write_results(tmp_path, [other, person], [reading])
    return tmp_path


def test_flags_in_words_with_their_readings(system, results):
    found = population.flags(NHS)
    assert found.risk == "42.0% — very high (top 0.5%)"
    assert found.frailty == "0.31 — moderate frailty"
    assert found.segment == "Long decline with frailty or dementia"
    assert found.case_finding == [
        {
            "label": "Hypertension",
            "readings": ["BP 162/98 mmHg on 1 Feb 2025 at Northtown 1 Surgery 1"],
        }
    ]
    assert found.as_of == "31 March 2025"
    assert population.flags("9876543210") is None


def test_before_any_refresh_there_are_no_flags(settings, tmp_path):
    settings.PHM_VAR = str(tmp_path)
    assert population.flags(NHS) is None


def test_the_record_page_shows_the_flags_with_evidence(system, person, staff, signed_in, results):
    page = signed_in(staff("Y99001")).get(reverse("record:record", args=[system.code, NHS]))
    shown = " ".join(page.content.decode().split())
    assert "Population health flags" in shown and "42.0% — very high (top 0.5%)" in shown
    assert "BP 162/98 mmHg on 1 Feb 2025 at Northtown 1 Surgery 1" in shown


def test_the_flags_of_a_real_refresh_reach_the_record(published_system, signed_in):
    """Against the results the real pipeline published for practices_system."""
    folder = population.queries.results_folder()
    people = pq.read_table(folder / "people.parquet").to_pylist()
    flagged = next(p for p in people if p["case_finding"])
    PersonRecordFactory(
        nhs_number=flagged["nhs_number"],
        registered_practice=flagged["practice"],
        family_name=flagged["family_name"] or "",
        given_name=flagged["given_name"] or "",
    )
    practice = Organisation.objects.get(ods_code=flagged["practice"])
    gp = UserFactory.with_role("clinician", system=published_system, organisation=practice)
    client = signed_in(gp)
    page = client.get(reverse("record:record", args=[published_system.code, flagged["nhs_number"]]))
    assert page.status_code == 200
    worklist = client.get(
        reverse("population_health:worklist", args=[published_system.code, "case-finding"])
    )
    assert reverse("record:record", args=[published_system.code, flagged["nhs_number"]]) in (
        worklist.content.decode()
    )
    flags = page.context["flags"]
    assert flags.case_finding and all(f["readings"] for f in flags.case_finding)
    assert flags.risk.endswith(")") and flags.frailty
